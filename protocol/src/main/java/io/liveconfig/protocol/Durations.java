package io.liveconfig.protocol;

import java.time.Duration;

/**
 * Durations in messages as users write them in settings ({@code 2s}, {@code 500ms}, {@code 90d}), not ISO-8601: one way
 * for the server and apps alike.
 */
public final class Durations {

    private Durations() {
    }

    public static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 86_400_000 == 0 && millis > 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
