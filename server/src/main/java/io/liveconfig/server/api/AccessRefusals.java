package io.liveconfig.server.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.core.Provenance;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.store.AuditStore;
import io.liveconfig.server.store.Transactions;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts and audits the requests refused for missing, bad or insufficient credentials (never the credentials). The
 * audit log takes at most {@value #AUDITED_PER_SECOND} of them a second, written off the request's thread, so that a
 * flood of bad tokens costs the database little; the rest are counted, and logged once a minute.
 */
@ApplicationScoped
public class AccessRefusals {

    static final int AUDITED_PER_SECOND = 20;
    private static final Duration SUMMARY = Duration.ofMinutes(1);

    /** One refused request. */
    record Refused(int status, String method, String path, String principal, String address) {
    }

    private final AuditStore audit;
    private final Transactions transactions;
    private final MeterRegistry metrics;
    private final BlockingQueue<Refused> queue = new ArrayBlockingQueue<>(AUDITED_PER_SECOND * 10);
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private long windowStart;
    private int inWindow;
    private long lastSummary = System.nanoTime();
    private long auditedSinceSummary;
    private volatile String latestDropped;

    AccessRefusals(AuditStore audit, Transactions transactions, MeterRegistry metrics) {
        this.audit = audit;
        this.transactions = transactions;
        this.metrics = metrics;
        this.writer = new Thread(this::writeAll, "liveconfig-access-audit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Counts the refusal and queues it for the audit log, or drops it from the log if the queue is full. */
    public void refused(int status, String method, String path, String principal, String address) {
        metrics.counter("liveconfig.api.refused", "status", Integer.toString(status)).increment();
        if (!queue.offer(new Refused(status, method, path, principal, address))) {
            dropped.incrementAndGet();
            latestDropped = address;
        }
    }

    @PreDestroy
    void stop() {
        writer.interrupt();
    }

    private void writeAll() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Refused refused = queue.poll(1, TimeUnit.SECONDS);
                if (refused != null && mayAudit()) {
                    write(refused);
                } else if (refused != null) {
                    dropped.incrementAndGet();
                    latestDropped = refused.address();
                }
                summarize();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean mayAudit() {
        long second = System.nanoTime() / 1_000_000_000L;
        if (second != windowStart) {
            windowStart = second;
            inWindow = 0;
        }
        return inWindow++ < AUDITED_PER_SECOND;
    }

    private void write(Refused refused) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", refused.status());
        detail.put("method", refused.method());
        detail.put("path", refused.path());
        try {
            transactions.inNew(() -> {
                audit.record(new Provenance(refused.principal(), refused.address()),
                        switch (refused.status()) {
                            case 401 -> "unauthenticated";
                            case 421 -> "foreign-host";
                            default -> "forbidden";
                        }, null, null, detail);
                return null;
            });
            auditedSinceSummary++;
        } catch (RuntimeException e) {
            dropped.incrementAndGet(); // the database is away: the refusal itself was answered, the count says it
        }
    }

    private void summarize() {
        if (System.nanoTime() - lastSummary < SUMMARY.toNanos()) {
            return;
        }
        long count = dropped.getAndSet(0);
        if (count > 0) {
            ServerLog.LOG.refusalsNotAudited(count, "1m", auditedSinceSummary, latestDropped);
        }
        auditedSinceSummary = 0;
        lastSummary = System.nanoTime();
    }
}
