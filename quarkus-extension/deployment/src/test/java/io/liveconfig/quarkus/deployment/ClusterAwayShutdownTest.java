package io.liveconfig.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.TempDirectories;
import io.liveconfig.testing.TestKeys;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An app that started while the cluster is away and stops before it comes back (SIGTERM, the end of a test run, a
 * dev-mode reload) says what happened at start-up and nothing more: no warning, and no stack trace, from the client
 * that was still connecting when it was shut down.
 */
class ClusterAwayShutdownTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.liveconfig.namespaces", "away")
            .overrideConfigKey("quarkus.liveconfig.cluster-name", "away-" + System.nanoTime())
            .overrideConfigKey("quarkus.liveconfig.addresses", "127.0.0.1:" + FreePorts.next()) // nobody listens
            .overrideConfigKey("quarkus.liveconfig.trust.public-keys", TestKeys.PUBLIC_KEY)
            .overrideConfigKey("quarkus.liveconfig.connect-timeout", "1s")
            .overrideConfigKey("quarkus.liveconfig.snapshot-dir",
                    TempDirectories.create("liveconfig-away").toString())
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
            .assertLogRecords(ClusterAwayShutdownTest::onlyTheStartWithoutCluster);

    @Inject
    Config config;

    @Test
    void servesWithoutTheClusterWhileItIsAway() throws InterruptedException {
        LiveConfigSource source = StreamSupport.stream(config.getConfigSources().spliterator(), false)
                .filter(LiveConfigSource.class::isInstance).map(LiveConfigSource.class::cast).findFirst()
                .orElseThrow();
        assertFalse(source.status().connected());
        Thread.sleep(1_500); // a few of the client's reconnection attempts, so that one is under way at shutdown
    }

    /** Ours: LIVECONFIG-0003 and 0104 at start-up (their text is a format, the id one of its parameters). */
    private static void onlyTheStartWithoutCluster(List<LogRecord> records) {
        List<String> unexpected = records.stream()
                .filter(record -> record.getThrown() != null || !record.getLoggerName().startsWith("io.liveconfig."))
                .map(record -> record.getLoggerName() + ": " + record.getMessage()).toList();
        assertEquals(List.of(), unexpected, "warnings other than the start without the cluster");
        assertTrue(records.stream().anyMatch(record -> record.getLoggerName().startsWith("io.liveconfig.")));
    }
}
