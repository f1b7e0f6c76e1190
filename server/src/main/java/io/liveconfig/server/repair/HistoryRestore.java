package io.liveconfig.server.repair;

import java.util.Map;
import java.util.Optional;

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

/**
 * Makes the database's content of a namespace the latest state again after the cluster has seen a later one (the
 * database was restored from a backup, or lost its last commits): a revision of kind {@code restore} in an epoch above
 * both, recorded and audited like any change, then published; apps apply it although they hold higher revision numbers.
 */
@ApplicationScoped
class HistoryRestore {

    private final NamespaceStore namespaces;
    private final RevisionStore revisions;
    private final AuditStore audit;
    private final Schemas schemas;
    private final SnapshotPublisher publisher;

    HistoryRestore(NamespaceStore namespaces, RevisionStore revisions, AuditStore audit, Schemas schemas,
            SnapshotPublisher publisher) {
        this.namespaces = namespaces;
        this.revisions = revisions;
        this.audit = audit;
        this.schemas = schemas;
        this.publisher = publisher;
    }

    private record Restored(Snapshot snapshot, Schema schema) {
    }

    /**
     * Restores a namespace's history unless a write or another member's restore got there first.
     *
     * @param seen the later version the cluster has seen
     */
    void restore(String name, Version seen) {
        Restored restored = Transactions.inNew(() -> {
            NamespaceStore.Row before = namespaces.find(name).orElseThrow();
            if (!seen.supersedes(new Version(before.epoch(), before.revision()))) {
                return null;
            }
            long epoch = Math.max(before.epoch(), seen.epoch()) + 1;
            // Only from the row as read: a concurrent restore (another server member) makes this one do nothing.
            Optional<Long> raised = namespaces.raiseEpoch(name, epoch, before.epoch(), before.revision());
            if (raised.isEmpty()) {
                return null;
            }
            long revision = raised.get();
            NamespaceStore.Row row = namespaces.find(name).orElseThrow();
            String note = "The cluster had seen revision " + seen.revision() + " (epoch " + seen.epoch()
                    + ") but the database held revision " + before.revision() + " (epoch " + before.epoch()
                    + "): the database's content is published again as epoch " + epoch;
            revisions.insert(name, revision, RevisionKind.RESTORE, Provenance.SERVER.author(), note);
            audit.record(Provenance.SERVER, RevisionKind.RESTORE.id(), name, revision, Map.of("seenRevision",
                    seen.revision(), "seenEpoch", seen.epoch(), "epoch", epoch));
            Snapshot snapshot = row.deleted()
                    ? Snapshot.tombstone(name, revision)
                    : Snapshot.of(name, revision, namespaces.entries(name));
            return new Restored(snapshot.withEpoch(epoch), schemas.stored(name, row.schemaJson()));
        });
        if (restored == null) {
            return;
        }
        ServerLog.LOG.historyRestored(name, seen.revision(), seen.epoch(), restored.snapshot().revision(),
                restored.snapshot().epoch());
        publisher.publish(restored.snapshot(), restored.schema(), null);
    }
}
