package io.liveconfig.server.write;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.RevisionKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts writes by kind and outcome, and times the committed ones. Tagged neither by namespace nor by caller: a refused
 * write may name a namespace that does not exist, which would let any caller add series; per namespace, the history and
 * the audit log say what was written.
 */
@ApplicationScoped
class WriteMetrics {

    static final String WRITES = "liveconfig.writes";
    static final String LATENCY = "liveconfig.write.latency";
    /** The {@code reason} of a write that was not refused. */
    static final String NO_REASON = "none";

    private final MeterRegistry registry;

    WriteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A write committed and durable after {@code nanos}. */
    void committed(RevisionKind kind, long nanos) {
        count(kind, "committed", NO_REASON);
        Timer.builder(LATENCY)
                .description("Time from the write path taking a write to its commit being durable, committed writes "
                        + "only")
                .tag("kind", kind.id())
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A write refused, nothing changed; the reason is the problem type the caller is answered with. */
    void refused(RevisionKind kind, Refusal refusal) {
        count(kind, "refused", refusal.type());
    }

    /**
     * A write that failed for another reason than a refusal (the database, a bug). Its outcome is unknown to the
     * caller: a failure at or after the commit (the embedded store's sync, a connection lost during the commit) may
     * leave it committed.
     */
    void failed(RevisionKind kind) {
        count(kind, "failed", NO_REASON);
    }

    private void count(RevisionKind kind, String outcome, String reason) {
        Counter.builder(WRITES)
                .description("Writes that the write path took: changes, rollbacks, imports, schema replacements, "
                        + "namespace creations and deletions, by outcome")
                .tag("kind", kind.id())
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
