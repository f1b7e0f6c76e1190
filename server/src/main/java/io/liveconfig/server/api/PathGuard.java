package io.liveconfig.server.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses (400) a request whose path would not mean what it says, before routing, authentication or any normalisation
 * could turn it into another target: {@code .} and {@code ..} segments, raw or percent-encoded in any case
 * ({@code %2e%2e}, {@code .%2E}); matrix parameters ({@code ;jsessionid=1}); an encoded slash or backslash
 * ({@code %2F}, {@code %5C}) or a raw backslash; empty segments ({@code //}) but a trailing slash; control characters,
 * raw or encoded ({@code %00}); percent escapes that are not two hex digits ({@code %zz}) or that do not spell UTF-8.
 * It reads the raw request target ({@code request.uri()}), never Vert.x' normalised path.
 * <p>
 * A key that needs {@code ;}, {@code %}, {@code ?}, {@code #} or a space in the path is percent-encoded ({@code %3B},
 * {@code %25}, ...); one that contains {@code /} or {@code \} cannot be named in a path and is written with the
 * change-set body ({@code POST .../changes}).
 */
@ApplicationScoped
public class PathGuard {

    /** Before the host check (BrowserGuard, -10,000) and authentication: a path trick is a 400 for everybody. */
    static final int ORDER = -15_000;
    private static final int SHOWN = 200;

    private final ObjectMapper json;

    PathGuard(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        String target = context.request().uri();
        Optional<String> problem = problem(target);
        if (problem.isEmpty() && !target.startsWith("/")) {
            problem = problem(context.request().path()); // what Vert.x routes on, in case it reads the form otherwise
        }
        if (problem.isPresent()) {
            HttpProblems.send(context, json, Problem.of(400, "invalid-path", "Invalid request path", problem.get(),
                    shown(context.request().uri())));
            return;
        }
        context.next();
    }

    /**
     * What is wrong with a raw request target, if anything.
     *
     * @param target the request line's target as sent: origin-form ({@code /a/b?q}), absolute-form
     * ({@code http://host/a/b}) or {@code *}
     */
    static Optional<String> problem(String target) {
        if (target == null || target.isEmpty()) {
            return Optional.of("The request has no path");
        }
        if ("*".equals(target)) {
            return Optional.empty();
        }
        String path = target;
        if (!path.startsWith("/")) {
            Optional<String> origin = originForm(path);
            if (origin.isEmpty()) {
                return Optional.of("The request target is neither a path (/...) nor http(s)://host/path");
            }
            path = origin.get();
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            Optional<String> bad = escapes(path.substring(query + 1));
            if (bad.isPresent()) {
                return Optional.of("The query " + bad.get());
            }
            path = path.substring(0, query);
        }
        if (path.indexOf('#') >= 0) {
            return Optional.of("A request target has no fragment (#)");
        }
        int start = 1;
        int number = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            Optional<String> bad = segment(segment, end == path.length());
            if (bad.isPresent()) {
                return Optional.of("Path segment " + number + " " + bad.get());
            }
            start = end + 1;
            number++;
        }
        return Optional.empty();
    }

    /**
     * The path and query of an absolute-form target ({@code http://host/a?b}), as Vert.x reads it: from the first
     * {@code /} after {@code ://}. An authority followed by anything but that {@code /} (a query, a fragment, user
     * information) is refused, since Vert.x would take a {@code /} inside it as the start of the path.
     */
    private static Optional<String> originForm(String target) {
        int scheme = target.indexOf("://");
        if (scheme != 4 && scheme != 5 || !target.regionMatches(true, 0, "https", 0, scheme)) {
            return Optional.empty();
        }
        int slash = target.indexOf('/', scheme + 3);
        String authority = slash < 0 ? target.substring(scheme + 3) : target.substring(scheme + 3, slash);
        for (char c : authority.toCharArray()) {
            if (c == '?' || c == '#' || c == '@' || c == '\\' || c == '%' || c <= 0x20 || c >= 0x7f) {
                return Optional.empty();
            }
        }
        return Optional.of(slash < 0 ? "/" : target.substring(slash));
    }

    private static Optional<String> segment(String raw, boolean last) {
        if (raw.isEmpty()) {
            return last ? Optional.empty() : Optional.of("is empty (//)");
        }
        if (raw.indexOf(';') >= 0) {
            return Optional.of("has a matrix parameter (;), which is not taken: encode a ; in a key as %3B");
        }
        if (raw.indexOf('\\') >= 0) {
            return Optional.of("has a backslash, which is not taken");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        Optional<String> bad = decode(raw, bytes);
        if (bad.isPresent()) {
            return bad;
        }
        byte[] decoded = bytes.toByteArray();
        for (byte b : decoded) {
            if (b == '/') {
                return Optional.of("has an encoded slash (%2F), which is not taken: write a key that contains / with "
                        + "the change-set body (POST .../changes)");
            }
            if (b == '\\') {
                return Optional.of("has an encoded backslash (%5C), which is not taken: write a key that contains \\ "
                        + "with the change-set body (POST .../changes)");
            }
        }
        if (decoded.length == 1 && decoded[0] == '.' || decoded.length == 2 && decoded[0] == '.' && decoded[1] == '.') {
            return Optional.of("is a dot segment (. or .., raw or encoded), which is not taken");
        }
        return Optional.empty();
    }

    /** Whether the percent escapes and characters of a query are well formed. */
    private static Optional<String> escapes(String query) {
        return decode(query, new ByteArrayOutputStream(query.length()));
    }

    /**
     * Percent-decodes text into bytes, refusing a malformed escape, a control character (raw or encoded) and bytes that
     * are not UTF-8.
     */
    private static Optional<String> decode(String raw, ByteArrayOutputStream bytes) {
        boolean escaped = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int b;
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (low < 0 || !isAsciiHex(raw.charAt(i + 1)) || !isAsciiHex(raw.charAt(i + 2))) {
                    return Optional.of("has a % that is not followed by two hex digits: encode a % as %25");
                }
                b = high * 16 + low;
                i += 2;
                escaped = true;
            } else if (c > 0x7f) {
                // Netty reads the request line as Latin-1, so raw UTF-8 would arrive as other characters.
                return Optional.of(String.format("has the raw character U+%04X: percent-encode it as UTF-8", (int) c));
            } else {
                b = c;
            }
            if (b < 0x20 || b == 0x7f) {
                return Optional.of(String.format("has the control character U+%04X, which is not taken", b));
            }
            bytes.write(b);
        }
        if (escaped && !isUtf8(bytes.toByteArray())) {
            return Optional.of("has percent escapes that are not UTF-8");
        }
        return Optional.empty();
    }

    private static boolean isAsciiHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The target as the problem's instance: cut, so that a long one is not echoed whole. */
    static String shown(String target) {
        if (target == null || target.length() <= SHOWN) {
            return target;
        }
        int cut = Character.isHighSurrogate(target.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN;
        return target.substring(0, cut) + "...";
    }
}
