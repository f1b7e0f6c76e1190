package io.liveconfig.source;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.liveconfig.protocol.FixedKeys;
import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.Seal;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.Timings;

/**
 * Tells the cluster which revisions this instance holds, what it refused and which keys it applies only on restart, for
 * the server's per-namespace view and its history restore: renewed every {@link Timings#REPORT_INTERVAL}, soon after
 * changes, at once after a rejection.
 * <p>
 * Threading: reports are built and sent only on the re-read thread it is given, which also confines the host name;
 * other threads only ask for a report.
 */
final class InstanceReporter {

    private final String instanceId = UUID.randomUUID().toString();
    private final SnapshotGateway gateway;
    private final String appName;
    private final ScheduledExecutorService thread;
    private final Supplier<Map<String, Snapshot>> held;
    private final Supplier<Map<String, Seal>> seals;
    private final List<String> trusts;
    private final Supplier<List<String>> rejections;
    private final Supplier<FixedKeys> fixed;
    private final AtomicBoolean reportScheduled = new AtomicBoolean();
    private String host;

    /**
     * @param held the snapshots held, read when a report is sent
     * @param seals the seals of the publications they came from, read likewise
     * @param trusts the ids of the signing keys this source trusts
     * @param rejections the last rejections, read likewise
     * @param fixed the keys the app applies only when it restarts, read likewise; {@code null} until the app said
     */
    InstanceReporter(SnapshotGateway gateway, String appName, ScheduledExecutorService thread,
            Supplier<Map<String, Snapshot>> held, Supplier<Map<String, Seal>> seals, Set<String> trusts,
            Supplier<List<String>> rejections, Supplier<FixedKeys> fixed) {
        this.gateway = gateway;
        this.appName = appName;
        this.thread = thread;
        this.held = held;
        this.seals = seals;
        this.trusts = List.copyOf(trusts);
        this.rejections = rejections;
        this.fixed = fixed;
    }

    /** Reports now and then every interval, for as long as the thread runs. */
    void start() {
        thread.scheduleWithFixedDelay(this::report, 0, Timings.REPORT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reports within {@link Timings#REPORT_DEBOUNCE}, once for any number of changes in that time. */
    void reportSoon() {
        if (reportScheduled.compareAndSet(false, true)) {
            SourceThreads.schedule(thread, () -> {
                reportScheduled.set(false);
                report();
            }, Timings.REPORT_DEBOUNCE);
        }
    }

    /** Reports as soon as the re-read thread is free. */
    void reportNow() {
        SourceThreads.submit(thread, this::report);
    }

    /** Sends this instance's report; runs on the re-read thread. */
    void report() {
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                host = "unknown";
            }
        }
        Map<String, Snapshot> snapshots = held.get();
        Map<String, Long> revisions = new HashMap<>();
        Map<String, Long> epochs = new HashMap<>();
        snapshots.forEach((namespace, snapshot) -> {
            revisions.put(namespace, snapshot.revision());
            if (snapshot.epoch() != 0) {
                epochs.put(namespace, snapshot.epoch());
            }
        });
        InstanceReport report = new InstanceReport(instanceId, host, appName, Map.copyOf(revisions), epochs,
                seals.get(), trusts, rejections.get(), System.currentTimeMillis(), fixed.get());
        String text = report.encode();
        if (text.length() > InstanceReport.MAX_LENGTH && report.fixed() != null) {
            // The server would drop the whole report: it goes without the fixed keys' names instead.
            text = new InstanceReport(report.instance(), report.host(), report.app(), report.revisions(),
                    report.epochs(), report.seals(), report.trusts(), report.rejections(), report.reportedAt(),
                    report.fixed().withoutNames()).encode();
        }
        gateway.report(instanceId, text, Timings.REPORT_TTL);
    }

    /** Removes this instance's report, once the re-read thread has stopped. */
    void withdraw() {
        gateway.withdraw(instanceId);
    }
}
