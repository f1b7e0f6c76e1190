package io.liveconfig.server.write;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.Provenance;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.RevisionKind;
import io.liveconfig.server.core.Violation;
import io.liveconfig.server.publish.SecretSealer;
import io.liveconfig.server.publish.SnapshotPublisher;
import io.liveconfig.server.publish.Step;
import io.liveconfig.server.schema.Deadline;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.server.schema.Schemas;
import io.liveconfig.server.store.AuditStore;
import io.liveconfig.server.store.NamespaceStore;
import io.liveconfig.server.store.RevisionStore;
import io.liveconfig.server.store.RevisionStore.KeyChange;
import io.liveconfig.server.store.Transactions;

/**
 * The one way a namespace changes. A change runs top down: in one database transaction, lock the namespace row and take
 * the next revision, check the preconditions, read the base, plan, check the plan against the base and the schema,
 * record the revision, its key changes, the entries and an audit event; after commit, publish. A write is acknowledged
 * only once committed, and a refused one changes nothing. While the cluster member cannot publish, writes that publish
 * are refused before anything is committed: acknowledged, they would never reach apps.
 */
@ApplicationScoped
public class WriteService {

    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * What a commit publishes.
     *
     * @param step what changed, for apps; {@code null}: they read the whole snapshot
     * @param recordedAt when a change's revision was recorded, so its content may serve the next write; {@code null}
     * for anything else
     */
    private record Commit(Snapshot snapshot, Schema schema, Step step, Instant recordedAt) {

        Commit(Snapshot snapshot, Schema schema) {
            this(snapshot, schema, null, null);
        }
    }

    private final NamespaceStore namespaces;
    private final RevisionStore revisions;
    private final AuditStore audit;
    private final Schemas schemas;
    private final CommittedContent content;
    private final SecretSealer sealer;
    private final SnapshotPublisher publisher;
    private final Transactions transactions;
    private final Quotas quotas;
    private final WriteMetrics metrics;
    /** How long one write's schema checks may take: they run while the write holds its namespace. */
    private final Duration checkTimeout;

    WriteService(NamespaceStore namespaces, RevisionStore revisions, AuditStore audit, Schemas schemas,
            CommittedContent content, SecretSealer sealer, SnapshotPublisher publisher, Transactions transactions,
            Quotas quotas, WriteMetrics metrics, ServerConfig config) {
        this.transactions = transactions;
        this.metrics = metrics;
        this.quotas = quotas;
        this.checkTimeout = config.limits().checkTimeout();
        this.namespaces = namespaces;
        this.revisions = revisions;
        this.audit = audit;
        this.schemas = schemas;
        this.content = content;
        this.sealer = sealer;
        this.publisher = publisher;
    }

    /**
     * Commits a planned change of a live namespace as its next revision, then publishes it.
     *
     * @param kind what the revision is in the history: change, rollback, import, schema
     * @throws Refusal namespace or key not found, precondition failed or required, a quota exceeded, schema violated;
     * after rolling back
     */
    public Written change(String namespace, RevisionKind kind, Provenance who, Preconditions preconditions,
            Plan.Planner planner) {
        return commit(kind, namespace, () -> {
            long revision = namespaces.nextRevision(namespace)
                    .orElseThrow(() -> Refusal.namespaceNotFound(namespace));
            NamespaceStore.Row row = namespaces.find(namespace).orElseThrow();
            preconditions.check(namespace, row.requireIfMatch(), revision - 1);
            Base base = new Base(namespace, revision - 1, content.at(namespace, row.epoch(), revision - 1),
                    schemas.stored(namespace, row.schemaJson()));
            Plan plan = planner.plan(base);
            quotas.checkRequest(kind, plan);
            Evaluation outcome = evaluate(base, plan);
            quotas.checkResult(base, outcome.content());
            outcome.refuseIfInvalid(base, plan, preconditions);
            Instant recordedAt = record(namespace, revision, kind, who, plan, outcome);
            // A schema change may seal or unseal values it does not change: apps then read the whole snapshot.
            Step step = plan.schema().isPresent() ? null : outcome.step(revision - 1);
            return new Commit(Snapshot.of(namespace, revision, outcome.content()).withEpoch(row.epoch()),
                    outcome.schema(), step, recordedAt);
        });
    }

    /**
     * Checks a planned change against the namespace as last committed, without committing anything.
     *
     * @return what {@link #change} would refuse it for, as violations; empty if it would be accepted
     */
    public List<Violation> dryRun(String namespace, Plan.Planner planner) {
        NamespaceStore.Current current = Transactions.read(() -> namespaces.current(namespace))
                .filter(c -> !c.row().deleted())
                .orElseThrow(() -> Refusal.namespaceNotFound(namespace));
        Base base = new Base(namespace, current.row().revision(), current.entries(),
                schemas.stored(namespace, current.row().schemaJson()));
        return Transactions.read(() -> {
            Plan plan = planner.plan(base);
            quotas.checkRequest(RevisionKind.CHANGE, plan);
            Evaluation outcome = evaluate(base, plan);
            quotas.checkResult(base, outcome.content());
            return outcome;
        }).refusals();
    }

    /**
     * The plan's effect and what would refuse it; refuses at once a schema that is itself invalid, and one that would
     * reveal or test held secret values (before any value is checked, so that the answer does not depend on one).
     */
    private Evaluation evaluate(Base base, Plan plan) {
        Schema schema = plan.schema().map(schemas::proposed).orElse(base.schema());
        if (schema.hasSecrets() && !sealer.canSeal()) {
            // Checked on every write, not only when the schema is set: the key may have been removed since.
            throw Refusal.secretsUnavailable();
        }
        List<String> dropped = plan.schema().isPresent()
                ? HeldSecrets.toDrop(base, schema, plan.dropSecretValues())
                : List.of();
        return Evaluation.of(base, plan, schema, dropped, Deadline.in(checkTimeout));
    }

    /** Records a change: the revision, its key changes, the entries, the schema, the audit event. */
    private Instant record(String namespace, long revision, RevisionKind kind, Provenance who, Plan plan,
            Evaluation outcome) throws SQLException {
        Instant recordedAt = revisions.insert(namespace, revision, kind, who.author(), plan.note());
        revisions.insertChanges(namespace, revision, outcome.changes());
        for (KeyChange change : outcome.changes()) {
            if (change.newValue() == null) {
                namespaces.delete(namespace, change.key());
            } else {
                namespaces.put(namespace, change.key(), change.newValue(), revision, change.oldValue() != null);
            }
        }
        if (plan.schema().isPresent()) {
            namespaces.setSchema(namespace, schemas.toJson(plan.schema().get()));
        }
        audit.record(who, kind.id(), namespace, revision, AuditDetails.of(plan, outcome));
        return recordedAt;
    }

    /**
     * Creates a namespace at its next revision, or brings back a deleted one empty, continuing its revisions.
     *
     * @throws Refusal if a namespace of that name exists, or the server holds as many as its quota
     */
    public Written create(String name, boolean requireIfMatch, Provenance who) {
        return commit(RevisionKind.CREATE, name, () -> {
            Optional<NamespaceStore.Row> row = namespaces.find(name);
            if (row.isEmpty() || row.get().deleted()) {
                quotas.checkNamespaces(namespaces.countLive());
            }
            long revision;
            if (row.isEmpty()) {
                namespaces.insert(name, requireIfMatch);
                revision = 1;
            } else if (row.get().deleted()) {
                revision = namespaces.revive(name, requireIfMatch)
                        .orElseThrow(() -> Refusal.namespaceExists(name));
            } else {
                throw Refusal.namespaceExists(name);
            }
            long epoch = row.map(NamespaceStore.Row::epoch).orElse(0L);
            revisions.insert(name, revision, RevisionKind.CREATE, who.author(), null);
            audit.record(who, RevisionKind.CREATE.id(), name, revision, Map.of("requireIfMatch", requireIfMatch));
            return new Commit(Snapshot.of(name, revision, Map.of()).withEpoch(epoch), Schema.NONE);
        });
    }

    /** Deletes a namespace: its entries go, its history stays, and a tombstone is published. */
    public Written delete(String name, Provenance who, Preconditions preconditions) {
        return commit(RevisionKind.DELETE, name, () -> {
            long revision = namespaces.markDeleted(name).orElseThrow(() -> Refusal.namespaceNotFound(name));
            NamespaceStore.Row row = namespaces.find(name).orElseThrow();
            preconditions.check(name, row.requireIfMatch(), revision - 1);
            Map<String, String> entries = namespaces.entries(name);
            Schema schema = schemas.stored(name, row.schemaJson());
            List<KeyChange> changes = new ArrayList<>();
            new TreeMap<>(entries)
                    .forEach((key, value) -> changes.add(new KeyChange(key, value, null, schema.isSecret(key))));
            revisions.insert(name, revision, RevisionKind.DELETE, who.author(), null);
            revisions.insertChanges(name, revision, changes);
            for (String key : entries.keySet()) {
                namespaces.delete(name, key);
            }
            audit.record(who, RevisionKind.DELETE.id(), name, revision, Map.of("removed", entries.size()));
            return new Commit(Snapshot.tombstone(name, revision).withEpoch(row.epoch()), schema);
        });
    }

    /**
     * Changes a namespace's policies; not a revision, since content does not change, but audited. Not published, so
     * taken while the cluster member is down.
     */
    public void updateSettings(String name, boolean requireIfMatch, Provenance who) {
        transactions.inNew(() -> {
            if (!namespaces.setRequireIfMatch(name, requireIfMatch)) {
                throw Refusal.namespaceNotFound(name);
            }
            audit.record(who, "settings", name, null, Map.of("requireIfMatch", requireIfMatch));
            return null;
        });
    }

    /**
     * At commit, before the sync that makes it durable: remembers a change's content (forgets it for anything else), so
     * that the next write of a busy namespace, which may commit while this one waits for its sync, finds it.
     */
    private void remember(Commit commit) {
        Snapshot snapshot = commit.snapshot();
        if (commit.recordedAt() != null) {
            content.remember(snapshot, commit.recordedAt());
        } else {
            content.forget(snapshot.namespace());
        }
    }

    /**
     * A member that stopped publishes nothing, and a write acknowledged then would reach apps only after a restart of
     * the server. Checked before the transaction: a write that the member's stop overtakes is committed, and the repair
     * at the next start publishes it.
     */
    private void refuseUnlessPublishing() {
        if (!publisher.canPublish()) {
            throw Refusal.memberDown();
        }
    }

    /**
     * Runs a revision's work in one transaction and, once durable, publishes it: what every change, creation and
     * deletion shares, and where each is counted by outcome and the committed ones timed, from here to durable.
     */
    private Written commit(RevisionKind kind, String namespace, Transactions.Work<Commit> work) {
        long start = System.nanoTime();
        Commit commit;
        try {
            refuseUnlessPublishing();
            commit = transactions.inNew(work, this::remember);
        } catch (IllegalStateException e) {
            if (kind == RevisionKind.CREATE && e.getCause() instanceof SQLException sql
                    && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                // A concurrent create won: the name is the one unique key a creation can break.
                Refusal exists = Refusal.namespaceExists(namespace);
                metrics.refused(kind, exists);
                throw exists;
            }
            metrics.failed(kind);
            throw e;
        } catch (Refusal e) {
            metrics.refused(kind, e);
            throw e;
        } catch (RuntimeException | Error e) {
            metrics.failed(kind);
            throw e;
        }
        metrics.committed(kind, System.nanoTime() - start);
        publisher.publish(commit.snapshot(), commit.schema(), commit.step());
        return new Written(namespace, commit.snapshot().revision());
    }
}
