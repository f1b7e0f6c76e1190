package io.liveconfig.server.schema;

/**
 * The limit RE2 (C++) sets on nested counted repetition and RE2/J does not: {@code ((a{1000}){1000}){1000}} compiles to
 * a billion instructions there and exhausts the heap. As RE2, a pattern is refused when the counts of repetitions
 * nested in one another multiply to more than {@value #MAX}.
 */
final class Repetitions {

    static final int MAX = 1000;

    private Repetitions() {
    }

    /** The largest product of nested counted repetitions in a pattern; linear in its length, without recursion. */
    static long product(String regex) {
        long[] groups = new long[regex.length() + 1]; // the largest product inside each open group
        int depth = 0;
        groups[0] = 1;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            long atom;
            if (c == '(') {
                groups[++depth] = 1;
                i++;
                continue;
            } else if (c == ')' && depth > 0) {
                atom = groups[depth--];
                i++;
            } else if (c == '\\') {
                i = escapeEnd(regex, i);
                atom = 1;
            } else if (c == '[') {
                i = classEnd(regex, i);
                atom = 1;
            } else {
                i++;
                atom = 1;
            }
            int close = countEnd(regex, i);
            if (close > 0) {
                atom = Math.min(Long.MAX_VALUE / (MAX + 1), atom) * count(regex, i, close);
                i = close + 1;
            }
            groups[depth] = Math.max(groups[depth], atom);
        }
        long largest = 1;
        for (int d = 0; d <= depth; d++) {
            largest = Math.max(largest, groups[d]);
        }
        return largest;
    }

    /** After {@code \x}, {@code \Q...\E}, or an escape with braces ({@code \x{2014}}, {@code \p{Greek}}). */
    private static int escapeEnd(String regex, int at) {
        char escaped = at + 1 < regex.length() ? regex.charAt(at + 1) : 0;
        if (escaped == 'Q') {
            int end = regex.indexOf("\\E", at + 2);
            return end < 0 ? regex.length() : end + 2;
        }
        if ((escaped == 'x' || escaped == 'p' || escaped == 'P') && at + 2 < regex.length()
                && regex.charAt(at + 2) == '{') {
            int end = regex.indexOf('}', at + 3);
            return end < 0 ? regex.length() : end + 1;
        }
        return Math.min(regex.length(), at + 2);
    }

    /** After a character class, whose first {@code ]} (or after {@code ^}) is literal. */
    private static int classEnd(String regex, int at) {
        int i = at + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[' && i + 1 < regex.length() && regex.charAt(i + 1) == ':') {
                int end = regex.indexOf(":]", i + 2);
                i = end < 0 ? i + 1 : end + 2;
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return regex.length();
    }

    /** The index of the {@code }} of a well-formed {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at}, or -1. */
    private static int countEnd(String regex, int at) {
        if (at >= regex.length() || regex.charAt(at) != '{') {
            return -1;
        }
        int i = at + 1;
        int digits = 0;
        boolean comma = false;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == ',' && !comma && digits > 0) {
                comma = true;
            } else if (c == '}') {
                return digits > 0 ? i : -1;
            } else {
                return -1;
            }
            i++;
        }
        return -1;
    }

    /** The larger bound of {@code {n}}, {@code {n,}} (n) or {@code {n,m}} (m), at most one over the limit. */
    private static long count(String regex, int open, int close) {
        String inside = regex.substring(open + 1, close);
        int comma = inside.indexOf(',');
        String bound = comma < 0 || comma == inside.length() - 1
                ? inside.substring(0, comma < 0 ? inside.length() : comma)
                : inside.substring(comma + 1);
        if (bound.length() > 4) {
            return MAX + 1;
        }
        return Math.min(MAX + 1, Long.parseLong(bound));
    }
}
