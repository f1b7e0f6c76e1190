package io.liveconfig.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void writesDurationsAsSettingsDoNotAsIso8601() {
        assertEquals("10s", Durations.text(Duration.ofSeconds(10)));
        assertEquals("500ms", Durations.text(Duration.ofMillis(500)));
        assertEquals("1500ms", Durations.text(Duration.ofMillis(1500)));
        assertEquals("5m", Durations.text(Duration.ofMinutes(5)));
        assertEquals("2h", Durations.text(Duration.ofHours(2)));
        assertEquals("90d", Durations.text(Duration.ofDays(90)));
        assertEquals("0s", Durations.text(Duration.ZERO));
    }
}
