package io.liveconfig.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.liveconfig.source.LiveConfigSettings;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.TempDirectories;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * N apps in this JVM: each a {@link LiveConfigSource} with its own Hazelcast client, read through its own SmallRye
 * {@code Config} as {@code Provider.get()} does. One probe thread sweeps all of them for an expected value: one poller,
 * not N spinning threads, which two cores could not run without distorting what they measure.
 */
public final class Apps implements AutoCloseable {

    private final List<LiveConfigSource> sources = new ArrayList<>();
    private final List<SmallRyeConfig> configs = new ArrayList<>();
    private final List<Path> snapshotDirs = new ArrayList<>();
    private final Latencies connectTimes = new Latencies();
    private final AtomicReference<Expectation> expected = new AtomicReference<>();
    private final Thread probe;
    private volatile boolean closed;

    /** What the probe waits for, and when each app first showed it. */
    private record Expectation(String key, String value, long[] seenAt, CountDownLatch allSeen) {
    }

    public Apps(int count, String namespace, ServerProcess server) {
        for (int i = 0; i < count; i++) {
            Path dir = TempDirectories.create("liveconfig-bench-app");
            snapshotDirs.add(dir);
            LiveConfigSettings settings = new LiveConfigSettings(List.of(namespace), server.clusterName(),
                    List.of(server.clientAddress()), Duration.ofSeconds(30), LiveConfigSettings.DEFAULT_ORDINAL,
                    Duration.ofSeconds(30), dir, LiveConfigSettings.Startup.FAIL, "bench-app-" + i,
                    server.trustedKeys(), false);
            long start = System.nanoTime();
            LiveConfigSource source = LiveConfigSource.connect(settings);
            connectTimes.add(System.nanoTime() - start);
            sources.add(source);
            configs.add(new SmallRyeConfigBuilder().withSources(source).build());
        }
        probe = new Thread(this::sweep, "bench-visibility-probe");
        probe.setDaemon(true);
        probe.start();
    }

    public List<LiveConfigSource> sources() {
        return sources;
    }

    /** How long {@link LiveConfigSource#connect} took per app. */
    public Latencies connectTimes() {
        return connectTimes;
    }

    /** Arms the probe for a value; call before sending the write. */
    public Waiter expect(String key, String value) {
        Expectation expectation = new Expectation(key, value, new long[sources.size()], new CountDownLatch(1));
        expected.set(expectation);
        return new Waiter(expectation);
    }

    /** Waits for one armed value. */
    public static final class Waiter {
        private final Expectation expectation;

        private Waiter(Expectation expectation) {
            this.expectation = expectation;
        }

        /**
         * @return the time every app first showed the value (System.nanoTime), or -1 after the timeout
         */
        public long awaitAll(Duration timeout) throws InterruptedException {
            if (!expectation.allSeen.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return -1;
            }
            long last = 0;
            for (long seen : expectation.seenAt) {
                last = Math.max(last, seen);
            }
            return last;
        }

        /** The time the first app showed the value; valid after {@link #awaitAll} succeeded. */
        public long first() {
            long first = Long.MAX_VALUE;
            for (long seen : expectation.seenAt) {
                first = Math.min(first, seen);
            }
            return first;
        }
    }

    /** Reads every app that has not yet shown the expected value; parks ~10-60 µs between sweeps. */
    private void sweep() {
        while (!closed) {
            Expectation current = expected.get();
            if (current == null) {
                LockSupport.parkNanos(200_000);
                continue;
            }
            int pending = 0;
            for (int i = 0; i < configs.size(); i++) {
                if (current.seenAt[i] == 0) {
                    String value = configs.get(i).getConfigValue(current.key).getValue();
                    if (current.value.equals(value)) {
                        current.seenAt[i] = System.nanoTime();
                    } else {
                        pending++;
                    }
                }
            }
            if (pending == 0) {
                expected.compareAndSet(current, null);
                current.allSeen.countDown();
            } else {
                LockSupport.parkNanos(10_000);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (LiveConfigSource source : sources) {
            source.close();
        }
        snapshotDirs.forEach(TempDirectories::delete);
    }
}
