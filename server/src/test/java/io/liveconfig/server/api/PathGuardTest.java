package io.liveconfig.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class PathGuardTest {

    @Test
    void refusesDotSegmentsRawOrEncodedInAnyCase() {
        for (String target : new String[]{"/api/v1/namespaces/x/entries/..", "/api/v1/namespaces/a/../b/entries/c",
                "/api/v1/namespaces/x/entries/%2e%2e", "/api/v1/namespaces/x/entries/.%2e",
                "/api/v1/namespaces/x/entries/%2E.", "/api/v1/namespaces/x/entries/%2E%2E?a=b", "/./api",
                "/api/%2e/v1", "http://localhost/api/v1/namespaces/x/..", "/api/v1/namespaces/x/entries/."}) {
            assertRefused(target, "dot segment");
        }
    }

    @Test
    void refusesMatrixParametersSlashesBackslashesAndEmptySegments() {
        assertRefused("/api/v1/namespaces/x;jsessionid=1", "matrix");
        assertRefused("/api/v1/namespaces/x;x", "matrix");
        assertRefused("/api/v1/namespaces/a%2Fb", "encoded slash");
        assertRefused("/api/v1/namespaces/a%2fb", "encoded slash");
        assertRefused("/api/v1/namespaces/a%5Cb", "encoded backslash");
        assertRefused("/api/v1/namespaces/a\\b", "backslash");
        assertRefused("/api/v1//namespaces", "empty");
        assertRefused("//api/v1/namespaces", "empty");
    }

    @Test
    void absoluteFormTargetsAreReadAsVertxReadsThem() {
        // Vert.x takes the path from the first / after ://, even inside a query: such an authority is refused.
        assertRefused("http://h?/api/v1/namespaces/x/entries/..", "neither a path");
        assertRefused("http://h#/api/v1/namespaces/x", "neither a path");
        assertRefused("http://user@h/api/v1/namespaces/x", "neither a path");
        assertRefused("ftp://h/api/v1/namespaces/x", "neither a path");
        assertRefused("http://h/api/v1/namespaces/x;jsessionid=1", "matrix");
        assertEquals(Optional.empty(), PathGuard.problem("http://localhost:8080/api/v1/namespaces/x?limit=1"));
    }

    @Test
    void rawCharactersOutsideAsciiMustBePercentEncoded() {
        assertRefused("/api/v1/namespaces/x/entries/\u00e0", "percent-encode");
        assertEquals(Optional.empty(), PathGuard.problem("/api/v1/namespaces/x/entries/a.%22%C3%A0%22"));
    }

    @Test
    void refusesBadEscapesControlCharactersAndInvalidUtf8() {
        assertRefused("/api/v1/namespaces/%zz", "two hex digits");
        assertRefused("/api/v1/namespaces/a%2", "two hex digits");
        assertRefused("/api/v1/namespaces/a%", "two hex digits");
        assertRefused("/api/v1/namespaces?q=%zz", "two hex digits");
        assertRefused("/api/v1/namespaces/a%00b", "control character U+0000");
        assertRefused("/api/v1/namespaces/a%1bb", "control character U+001B");
        assertRefused("/api/v1/namespaces/a\u0001b", "control character U+0001");
        assertRefused("/api/v1/namespaces/a%ffb", "not UTF-8");
        assertRefused("/api/v1/namespaces/a#b", "fragment");
        assertRefused("api/v1/namespaces", "neither a path");
        assertRefused("", "no path");
    }

    @Test
    void takesOrdinaryPathsAndEncodedKeys() {
        for (String target : new String[]{"/", "/api/v1/namespaces", "/api/v1/namespaces/", "/q/swagger-ui/",
                "/api/v1/namespaces/x/entries/app.%22x%3By%22", "/api/v1/namespaces/x/entries/%25dev.a.b",
                "/api/v1/namespaces/x/entries/a...b", "/api/v1/namespaces/x/entries/.a", "/api/v1/x?a=%2e%2e&b=;",
                "/api/v1/namespaces/x/entries/%22%C3%A9%22", "http://localhost:8080/api/v1/namespaces", "*"}) {
            assertEquals(Optional.empty(), PathGuard.problem(target), target);
        }
    }

    @Test
    void showsALongTargetCut() {
        assertEquals(203, PathGuard.shown("/" + "a".repeat(500)).length());
    }

    private static void assertRefused(String target, String because) {
        Optional<String> problem = PathGuard.problem(target);
        assertTrue(problem.isPresent(), target + " is refused");
        assertTrue(problem.get().contains(because), target + ": " + problem.get());
    }
}
