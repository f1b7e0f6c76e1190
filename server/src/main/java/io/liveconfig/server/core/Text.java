package io.liveconfig.server.core;

import java.util.Optional;

/**
 * What the server accepts as text, whichever way it arrives (JSON body, path, import file): checked by loops over the
 * characters, never by a regular expression that could recurse or backtrack on long input.
 */
public final class Text {

    private Text() {
    }

    /**
     * Whether a string is a MicroProfile Config property name: dot-separated segments of letters, digits,
     * {@code _ - [ ]}, or quoted parts such as {@code "my.datasource"}, optionally after a {@code %profile.} or
     * {@code %a,b.} prefix.
     */
    public static boolean isPropertyName(String name) {
        int at = 0;
        int length = name.length();
        if (length > 0 && name.charAt(0) == '%') {
            at = profiles(name);
            if (at < 0) {
                return false;
            }
        }
        while (true) {
            at = segment(name, at);
            if (at < 0) {
                return false;
            }
            if (at == length) {
                return true;
            }
            at++; // the dot that ended the segment
        }
    }

    /** The index after a {@code %a,b.} prefix, or -1. */
    private static int profiles(String name) {
        int at = 1;
        int start = at;
        while (at < name.length()) {
            char c = name.charAt(at);
            if (c == '.' || c == ',') {
                if (at == start) {
                    return -1;
                }
                if (c == '.') {
                    return at + 1;
                }
                start = at + 1;
            } else if (!isPlain(c) || c == '[' || c == ']') {
                return -1;
            }
            at++;
        }
        return -1;
    }

    /** The index of the dot or end after one non-empty segment starting at {@code at}, or -1. */
    private static int segment(String name, int at) {
        int start = at;
        while (at < name.length()) {
            char c = name.charAt(at);
            if (c == '.') {
                break;
            }
            if (c == '"') {
                int close = name.indexOf('"', at + 1);
                if (close <= at + 1) {
                    return -1; // unclosed or empty quotes
                }
                if (problem(name.substring(at + 1, close)).isPresent()) {
                    return -1; // a control character or a lone surrogate
                }
                at = close + 1;
            } else if (isPlain(c)) {
                at++;
            } else {
                return -1;
            }
        }
        return at > start ? at : -1;
    }

    private static boolean isPlain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                || c == '[' || c == ']';
    }

    /**
     * What is wrong with a value or note, if anything: a lone UTF-16 surrogate (not text: no encoding can store or send
     * it), NUL, or a control character other than tab, line feed and carriage return (such as the escape that starts an
     * ANSI terminal sequence), which would reach logs and terminals as commands rather than text.
     *
     * @return the problem, naming the character's position (from 0) and code, never the text around it
     */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of(lone(i, c));
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of(lone(i, c));
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of(String.format("has the control character U+%04X at position %d, which is not "
                        + "allowed (only tab, line feed and carriage return are)", (int) c, i));
            }
        }
        return Optional.empty();
    }

    private static String lone(int at, char c) {
        return String.format("has a lone UTF-16 surrogate U+%04X at position %d, which is not text", (int) c, at);
    }
}
