package io.liveconfig.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * A typo under {@code quarkus.liveconfig.} warns, as Quarkus does for its own keys, and {@code enabled=false} starts.
 */
class NoSurprisesTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.liveconfig.enabled", "false")
            .overrideConfigKey("quarkus.liveconfig.namespace", "shop") // namespaces, mistyped
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
            .assertLogRecords(records -> assertTrue(records.stream()
                    .anyMatch(record -> record.getMessage().contains("Unrecognized configuration key")
                            && String.valueOf(record.getParameters() == null
                                    ? ""
                                    : java.util.Arrays.toString(
                                            record.getParameters()))
                                    .contains("quarkus.liveconfig.namespace")
                            || record.getMessage().contains("quarkus.liveconfig.namespace")),
                    "a warning names the unknown key"));

    @Inject
    Config config;

    @Test
    void hazelcastLogsOnlyErrorsByDefault() {
        java.util.logging.Logger hazelcast = java.util.logging.Logger.getLogger("com.hazelcast.client");
        assertFalse(hazelcast.isLoggable(Level.WARNING));
        assertTrue(hazelcast.isLoggable(Level.SEVERE));
    }

    @Test
    void startsWithoutTheSourceAndWarnsOfTheUnknownKey() {
        assertFalse(StreamSupport.stream(config.getConfigSources().spliterator(), false)
                .anyMatch(source -> source.getName().startsWith("LiveConfig")));
    }
}
