package io.liveconfig.source;

import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;

/**
 * The app's checks of published values, and the record of what this source refused: the last rejections, which the
 * instance report carries to the server, and the last snapshot refused per namespace.
 * <p>
 * Threading: no lock of its own; every field is a concurrent collection, because checks run under
 * {@link HeldSnapshots}' lock while decoding failures are recorded from Hazelcast's and the re-read thread.
 */
final class ValueChecks {

    private static final SourceLogging LOG = SourceLogging.of(LiveConfigSource.class);

    /**
     * How many rejections are kept, and how long a value in one may be: reports are small, the server refuses large.
     */
    private static final int KEPT_REJECTIONS = 5;
    private static final int KEPT_CHARACTERS = 200;

    /** Checks the app asked for, by key: a snapshot whose new value of the key fails one is refused. */
    private final Map<String, Consumer<String>> checks = new ConcurrentHashMap<>();
    /** The last snapshot refused per namespace, so a re-read of the same one is not logged and reported again. */
    private final Map<String, Snapshot> refused = new ConcurrentHashMap<>();
    private final Deque<String> rejections = new ConcurrentLinkedDeque<>();
    /** Every revision refused since the source started; the deque keeps only the last. */
    private final AtomicLong rejected = new AtomicLong();
    /** Tells the server at once, not at the next renewal of the report. */
    private final Runnable report;
    /** Tells the server soon, once for a burst: a stranger's flood must not become a flood of reports. */
    private final Runnable reportSoon;
    private final AtomicLong untrusted = new AtomicLong();
    /** Per namespace, when the last line about refused publications was logged and how many were refused since. */
    private final Map<String, Burst> untrustedBursts = new ConcurrentHashMap<>();

    private record Burst(long loggedAtNanos, long refusedSince) {
    }

    /** One line per namespace at most this often while strangers keep publishing. */
    private static final long BURST_NANOS = TimeUnit.SECONDS.toNanos(10);

    ValueChecks(Runnable report, Runnable reportSoon) {
        this.report = report;
        this.reportSoon = reportSoon;
    }

    /** See {@link LiveConfigSource#addValueCheck}. */
    void add(String key, Consumer<String> check) {
        checks.put(key, check);
    }

    long rejectedCount() {
        return rejected.get();
    }

    /** The last rejections, newest last, as messages. */
    List<String> rejections() {
        return List.copyOf(rejections);
    }

    /** Whether the change is not newer than the snapshot last refused: reading on would only refuse it again. */
    boolean refusedAlready(SnapshotChange latest) {
        Snapshot refusedOne = refused.get(latest.namespace());
        return refusedOne != null && !latest.supersedes(refusedOne);
    }

    /**
     * Whether every value of the snapshot that the app checks and that changed from the one held passes its check.
     * Values holding expressions ({@code ${...}}) are not checked, as they resolve later.
     */
    boolean pass(Snapshot held, Snapshot snapshot) {
        if (checks.isEmpty()) {
            return true;
        }
        for (Map.Entry<String, Consumer<String>> check : checks.entrySet()) {
            String value = snapshot.entries().get(check.getKey());
            if (value == null || value.contains("${")
                    || (held != null && value.equals(held.entries().get(check.getKey())))) {
                continue;
            }
            try {
                check.getValue().accept(value);
            } catch (RuntimeException e) {
                Snapshot version = snapshot.withEntries(Map.of());
                Snapshot before = refused.put(snapshot.namespace(), version);
                if (before == null || !before.equals(version)) {
                    reject(snapshot.namespace(), "revision " + snapshot.revision() + " refused: key '"
                            + check.getKey() + "' = '" + abbreviate(value) + "' fails the app's check: "
                            + abbreviate(e.getMessage()));
                }
                return false;
            }
        }
        return true;
    }

    /** Records, logs and reports a published value that the source refused. */
    void reject(String namespace, String message) {
        rejected.incrementAndGet();
        rejections.addLast(namespace + ": " + message);
        while (rejections.size() > KEPT_REJECTIONS) {
            rejections.pollFirst();
        }
        LOG.rejected(namespace, message);
        report.run();
    }

    /**
     * Records a publication the server did not sign: counted, logged once per burst per namespace (with how many were
     * refused in it), kept among the rejections the report carries.
     */
    void untrusted(String namespace, String message) {
        untrusted.incrementAndGet();
        long now = System.nanoTime();
        long[] logNow = new long[1];
        untrustedBursts.compute(namespace, (n, last) -> {
            if (last == null || now - last.loggedAtNanos() >= BURST_NANOS) {
                logNow[0] = last == null ? 1 : last.refusedSince() + 1;
                return new Burst(now, 0);
            }
            return new Burst(last.loggedAtNanos(), last.refusedSince() + 1);
        });
        if (logNow[0] > 0) {
            rejections.addLast(namespace + ": " + abbreviate(message));
            while (rejections.size() > KEPT_REJECTIONS) {
                rejections.pollFirst();
            }
            LOG.untrusted(logNow[0], namespace, abbreviate(message));
            reportSoon.run();
        }
    }

    /** How many publications the server did not sign this source refused. */
    long untrustedCount() {
        return untrusted.get();
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= KEPT_CHARACTERS ? text : text.substring(0, KEPT_CHARACTERS) + "…";
    }
}
