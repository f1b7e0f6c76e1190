package io.liveconfig.server.repair;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.Version;
import io.liveconfig.server.core.Provenance;
import io.liveconfig.server.core.RevisionKind;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.publish.SnapshotPublisher;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.server.schema.Schemas;
import io.liveconfig.server.store.AuditStore;
import io.liveconfig.server.store.NamespaceStore;
import io.liveconfig.server.store.RevisionStore;
import io.liveconfig.server.store.Transactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Makes the database's content of a namespace the latest state again after the cluster has seen a later one (the
 * database was restored from a backup, or lost its last commits): a revision of kind {@code restore} in an epoch above
 * both, recorded and audited like any change, then published; apps apply it although they hold higher revision numbers.
 */
@ApplicationScoped
@Startup // created at start, not at the first restore, so that its counters read 0 until then
class HistoryRestore {

    private static final String CLUSTER_AHEAD = "cluster-ahead";
    private static final String BACKUP = "backup";

    private final NamespaceStore namespaces;
    private final RevisionStore revisions;
    private final AuditStore audit;
    private final Schemas schemas;
    private final SnapshotPublisher publisher;
    private final Transactions transactions;
    /** Restores by cause, registered at start so that both read 0 until one happens. */
    private final Map<String, Counter> restores;

    HistoryRestore(NamespaceStore namespaces, RevisionStore revisions, AuditStore audit, Schemas schemas,
            SnapshotPublisher publisher, Transactions transactions, MeterRegistry registry) {
        this.restores = Map.of(CLUSTER_AHEAD, restores(registry, CLUSTER_AHEAD), BACKUP, restores(registry, BACKUP));
        this.namespaces = namespaces;
        this.revisions = revisions;
        this.audit = audit;
        this.schemas = schemas;
        this.publisher = publisher;
        this.transactions = transactions;
    }

    /**
     * Why a namespace moves to a new epoch, as decided from its row.
     *
     * @param cause why, as the restores counter tags it: {@code cluster-ahead} or {@code backup}
     */
    private record Reason(String cause, long epoch, String note, Map<String, Object> detail) {
    }

    private record Restored(Snapshot snapshot, Schema schema, String cause) {
    }

    private static Counter restores(MeterRegistry registry, String cause) {
        return Counter.builder("liveconfig.history.restores")
                .description("Restore revisions recorded: a namespace's content made the latest again in a new epoch")
                .tag("cause", cause)
                .register(registry);
    }

    /**
     * Restores a namespace's history unless a write or another member's restore got there first.
     *
     * @param seen the later version the cluster has seen
     */
    void restore(String name, Version seen) {
        restoreAs(name, before -> {
            if (!seen.supersedes(new Version(before.epoch(), before.revision()))) {
                return Optional.empty();
            }
            long epoch = Math.max(before.epoch(), seen.epoch()) + 1;
            return Optional.<Reason>of(new Reason(CLUSTER_AHEAD, epoch,
                    "The cluster had seen revision " + seen.revision() + " (epoch "
                            + seen.epoch() + ") but the database held revision " + before.revision() + " (epoch "
                            + before.epoch() + "): the database's content is published again as epoch " + epoch,
                    Map.of("seenRevision", seen.revision(), "seenEpoch", seen.epoch(), "epoch", epoch)));
        }).ifPresent(restored -> ServerLog.LOG.historyRestored(name, seen.revision(), seen.epoch(),
                restored.snapshot().revision(), restored.snapshot().epoch()));
    }

    /**
     * Moves a namespace of a restored backup to a new epoch: its next revision numbers were, before the restore, given
     * to content that the backup does not hold, and apps may hold it. A new epoch makes them apply the backup's.
     */
    void restoreBackup(String name, Instant takenAt) {
        restoreAs(name, before -> {
            long epoch = before.epoch() + 1;
            return Optional.of(new Reason(BACKUP, epoch, "The database was restored from a backup taken at " + takenAt
                    + ": its content is published again as epoch " + epoch,
                    Map.of("backupTakenAt", takenAt.toString(), "epoch", epoch)));
        });
    }

    /** Records a {@code restore} revision in the epoch the reason gives, and publishes it; nothing if there is none. */
    private Optional<Restored> restoreAs(String name, Function<NamespaceStore.Row, Optional<Reason>> reasonFor) {
        Restored restored = transactions.inNew(() -> {
            NamespaceStore.Row before = namespaces.find(name).orElseThrow();
            Optional<Reason> reason = reasonFor.apply(before);
            if (reason.isEmpty()) {
                return null;
            }
            // Only from the row as read: a concurrent restore (another server member) makes this one do nothing.
            Optional<Long> raised = namespaces.raiseEpoch(name, reason.get().epoch(), before.epoch(),
                    before.revision());
            if (raised.isEmpty()) {
                return null;
            }
            long revision = raised.get();
            NamespaceStore.Row row = namespaces.find(name).orElseThrow();
            revisions.insert(name, revision, RevisionKind.RESTORE, Provenance.SERVER.author(), reason.get().note());
            audit.record(Provenance.SERVER, RevisionKind.RESTORE.id(), name, revision, reason.get().detail());
            Snapshot snapshot = row.deleted()
                    ? Snapshot.tombstone(name, revision)
                    : Snapshot.of(name, revision, namespaces.entries(name));
            return new Restored(snapshot.withEpoch(reason.get().epoch()), schemas.stored(name, row.schemaJson()),
                    reason.get().cause());
        });
        if (restored == null) {
            return Optional.empty();
        }
        restores.get(restored.cause()).increment();
        publisher.publish(restored.snapshot(), restored.schema(), null);
        return Optional.of(restored);
    }
}
