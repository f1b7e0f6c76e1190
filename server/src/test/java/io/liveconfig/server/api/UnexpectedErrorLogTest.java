package io.liveconfig.server.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnexpectedErrorLogTest {

    private static int depth(int n) {
        return depth(n + 1) + 1;
    }

    @Test
    void aStackOverflowIsSummedUpInAFewLines() {
        StackOverflowError overflow = null;
        try {
            depth(0);
        } catch (StackOverflowError e) {
            overflow = e;
        }
        assertTrue(overflow.getStackTrace().length > 500, "a deep trace");
        String summary = ProblemMappers.summary(new IllegalStateException("x".repeat(10_000) + "\n\u001b[31m",
                overflow));
        long lines = summary.lines().count();
        assertTrue(lines <= ProblemMappers.FRAMES + ProblemMappers.CAUSES + 2, lines + " lines: " + summary);
        assertTrue(summary.length() < 3_000, summary.length() + " characters");
        assertTrue(summary.contains("caused by java.lang.StackOverflowError"), summary);
        assertTrue(!summary.contains("\u001b"), "no control characters from the message");
    }
}
