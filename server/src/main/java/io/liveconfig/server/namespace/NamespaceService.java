package io.liveconfig.server.namespace;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.Version;
import io.liveconfig.server.api.ApiException;
import io.liveconfig.server.api.Caller.Provenance;
import io.liveconfig.server.api.Preconditions;
import io.liveconfig.server.api.Problem.Violation;
import io.liveconfig.server.audit.AuditStore;
import io.liveconfig.server.publish.SecretSealer;
import io.liveconfig.server.publish.SnapshotPublisher;
import io.liveconfig.server.revision.RevisionStore;
import io.liveconfig.server.revision.RevisionStore.KeyChange;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.server.schema.SchemaDocument;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * The one way a namespace changes. In one database transaction: lock the namespace row and take the next revision,
 * check the caller's preconditions, plan the change against the current content, validate the result against the
 * schema, record the revision, its key changes and an audit event, and write the entries. After commit, publish the
 * namespace's snapshot. A write is acknowledged only once committed, and a refused one changes nothing.
 */
@ApplicationScoped
public class NamespaceService {

    private static final Logger LOG = Logger.getLogger(NamespaceService.class);
    private static final String UNIQUE_VIOLATION = "23505";
    static final String MASK = "******";

    /**
     * What a write sees of its namespace, under the row lock.
     *
     * @param revision the revision the namespace is at before this write
     */
    public record Locked(String namespace, long revision, Map<String, String> entries, Schema schema) {
    }

    /**
     * What a write wants: keys to set and remove, optionally a new schema, and a note for the history.
     *
     * @param schema a replacement schema, or empty to keep the current one
     */
    public record Plan(Map<String, String> puts, Set<String> deletes, Optional<SchemaDocument> schema, String note) {

        public static Plan changes(Map<String, String> puts, Set<String> deletes, String note) {
            return new Plan(puts, deletes, Optional.empty(), note);
        }
    }

    /** Plans a write; may read the database and refuse with an {@link ApiException}. */
    @FunctionalInterface
    public interface Planner {
        Plan plan(Locked current) throws SQLException;
    }

    /** The evaluated effect of a plan on the current content. */
    private record Outcome(Map<String, String> content, List<KeyChange> changes, Schema schema,
            List<Violation> violations, List<String> missing) {
    }

    /**
     * @param step what changed, for apps; {@code null}: they read the whole snapshot
     * @param recordedAt when the revision was recorded, for a write whose content may be reused by the next one
     */
    private record Committed(Snapshot snapshot, Schema schema, SnapshotPublisher.Step step, Instant recordedAt) {

        Committed(Snapshot snapshot, Schema schema) {
            this(snapshot, schema, null, null);
        }
    }

    private final NamespaceStore store;
    private final RevisionStore revisions;
    private final AuditStore audit;
    private final SnapshotPublisher publisher;
    private final SecretSealer sealer;
    private final ObjectMapper json;

    NamespaceService(NamespaceStore store, RevisionStore revisions, AuditStore audit, SnapshotPublisher publisher,
            SecretSealer sealer, ObjectMapper json) {
        this.store = store;
        this.revisions = revisions;
        this.audit = audit;
        this.publisher = publisher;
        this.sealer = sealer;
        this.json = json;
    }

    public List<NamespaceView> list() {
        return sql(() -> store.views(Optional.empty()));
    }

    public NamespaceView get(String name) {
        return sql(() -> store.views(Optional.of(name))).stream()
                .findFirst()
                .orElseThrow(() -> ApiException.namespaceNotFound(name));
    }

    /** The live namespace as committed at its current revision, with its schema. */
    public Current current(String name) {
        NamespaceStore.Current current = sql(() -> store.current(name)).filter(c -> !c.row().deleted())
                .orElseThrow(() -> ApiException.namespaceNotFound(name));
        return new Current(current, schemaOf(current.row()));
    }

    /**
     * A live namespace's content and schema at one revision.
     *
     * @param state the row and entries
     * @param schema the compiled schema
     */
    public record Current(NamespaceStore.Current state, Schema schema) {

        public long revision() {
            return state.row().revision();
        }

        /** The entries with secret values masked, by key. */
        public TreeMap<String, String> maskedEntries() {
            TreeMap<String, String> masked = new TreeMap<>(state.entries());
            masked.replaceAll((key, value) -> schema.isSecret(key) ? MASK : value);
            return masked;
        }
    }

    /** Creates a namespace at its next revision, or brings back a deleted one empty, continuing its revisions. */
    public NamespaceView create(String name, boolean requireIfMatch, Provenance who) {
        Committed committed;
        try {
            committed = inTransaction(() -> {
                Optional<NamespaceStore.Row> row = store.find(name);
                long revision;
                if (row.isEmpty()) {
                    store.insert(name, requireIfMatch);
                    revision = 1;
                } else if (row.get().deleted()) {
                    revision = store.revive(name, requireIfMatch).orElseThrow(() -> namespaceExists(name));
                } else {
                    throw namespaceExists(name);
                }
                long epoch = row.map(NamespaceStore.Row::epoch).orElse(0L);
                revisions.insert(name, revision, "create", who.author(), null);
                audit.record(who, "create", name, revision, detail(Map.of("requireIfMatch", requireIfMatch)));
                return new Committed(Snapshot.of(name, revision, Map.of()).withEpoch(epoch), Schema.NONE);
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw namespaceExists(name); // a concurrent create won
            }
            throw e;
        }
        committed(committed);
        return get(name);
    }

    /** Deletes a namespace: its entries go, its history stays, and a tombstone is published. */
    public RevisionView delete(String name, Provenance who, Preconditions preconditions) {
        Committed committed = inTransaction(() -> {
            long revision = store.markDeleted(name).orElseThrow(() -> ApiException.namespaceNotFound(name));
            NamespaceStore.Row row = store.find(name).orElseThrow();
            checkPreconditions(name, row, preconditions, revision - 1);
            Map<String, String> entries = store.entries(name);
            Schema schema = schemaOf(row);
            List<KeyChange> changes = new ArrayList<>();
            new TreeMap<>(entries)
                    .forEach((key, value) -> changes.add(new KeyChange(key, value, null, schema.isSecret(key))));
            revisions.insert(name, revision, "delete", who.author(), null);
            revisions.insertChanges(name, revision, changes);
            for (String key : entries.keySet()) {
                store.delete(name, key);
            }
            audit.record(who, "delete", name, revision, detail(Map.of("removed", entries.size())));
            return new Committed(Snapshot.tombstone(name, revision).withEpoch(row.epoch()), schema);
        });
        committed(committed);
        return new RevisionView(name, committed.snapshot().revision());
    }

    /** Changes a namespace's policies; not a revision, since content does not change, but audited. */
    public NamespaceView updateSettings(String name, NamespaceSettings settings, Provenance who) {
        inTransaction(() -> {
            if (!store.setRequireIfMatch(name, settings.requireIfMatch())) {
                throw ApiException.namespaceNotFound(name);
            }
            audit.record(who, "settings", name, null, detail(Map.of("requireIfMatch", settings.requireIfMatch())));
            return null;
        });
        return get(name);
    }

    /**
     * Commits a planned change of a live namespace as its next revision, then publishes it.
     *
     * @param kind what the revision is in the history: change, rollback, import, schema
     * @throws ApiException 404, 412, 428 or 422, after rolling back
     */
    public RevisionView write(String namespace, String kind, Provenance who, Preconditions preconditions,
            Planner planner) {
        Committed committed = inTransaction(() -> {
            long revision = store.nextRevision(namespace)
                    .orElseThrow(() -> ApiException.namespaceNotFound(namespace));
            NamespaceStore.Row row = store.find(namespace).orElseThrow();
            checkPreconditions(namespace, row, preconditions, revision - 1);
            Locked locked = new Locked(namespace, revision - 1, entriesAt(namespace, row.epoch(), revision - 1),
                    schemaOf(row));
            Plan plan = planner.plan(locked);
            Outcome outcome = evaluate(locked, plan);
            if (!outcome.missing().isEmpty()) {
                throw ApiException.keyNotFound(namespace, outcome.missing().get(0));
            }
            if (preconditions.createOnly()) {
                for (String key : plan.puts().keySet()) {
                    if (locked.entries().containsKey(key)) {
                        throw new ApiException(412, "precondition-failed", "Precondition failed", "Key '" + key
                                + "' exists in namespace '" + namespace + "' and If-None-Match: * forbids replacing it",
                                List.of());
                    }
                }
            }
            if (!outcome.violations().isEmpty()) {
                throw ApiException.schemaViolated(namespace, outcome.violations());
            }
            Instant recordedAt = revisions.insert(namespace, revision, kind, who.author(), plan.note());
            revisions.insertChanges(namespace, revision, outcome.changes());
            for (KeyChange change : outcome.changes()) {
                if (change.newValue() == null) {
                    store.delete(namespace, change.key());
                } else {
                    store.put(namespace, change.key(), change.newValue(), revision, change.oldValue() != null);
                }
            }
            if (plan.schema().isPresent()) {
                store.setSchema(namespace, json.writeValueAsString(plan.schema().get()));
            }
            audit.record(who, kind, namespace, revision, auditDetail(plan, outcome));
            // A schema change may seal or unseal values it does not change: apps then read the whole snapshot.
            SnapshotPublisher.Step step = plan.schema().isPresent() ? null : step(revision - 1, outcome.changes());
            return new Committed(Snapshot.of(namespace, revision, outcome.content()).withEpoch(row.epoch()),
                    outcome.schema(), step, recordedAt);
        });
        committed(committed);
        return new RevisionView(namespace, committed.snapshot().revision());
    }

    /**
     * Evaluates a planned change without committing it: what {@link #write} would refuse, as violations.
     *
     * @return the violations; empty if the change would be accepted
     */
    public List<Violation> dryRun(String namespace, Planner planner) {
        Current current = current(namespace);
        Locked locked = new Locked(namespace, current.revision(), current.state().entries(), current.schema());
        Outcome outcome = sql(() -> evaluate(locked, planner.plan(locked)));
        List<Violation> all = new ArrayList<>(outcome.violations());
        outcome.missing().forEach(key -> all.add(new Violation(key, "exists", "does not exist")));
        return all;
    }

    private Outcome evaluate(Locked locked, Plan plan) {
        Schema schema = locked.schema();
        List<Violation> violations = new ArrayList<>();
        if (plan.schema().isPresent()) {
            schema = Schema.compile(plan.schema().get(), violations);
            if (!violations.isEmpty()) {
                throw ApiException.invalidRequest("The schema is not valid", violations);
            }
        }
        if (schema.hasSecrets() && !sealer.canSeal()) {
            // Checked on every write, not only when the schema is set: the key may have been removed since.
            throw new ApiException(422, "secrets-unavailable", "Secrets unavailable",
                    "Secret keys need the server setting liveconfig.secrets.encryption-key, so that their values "
                            + "are published encrypted",
                    List.of());
        }
        Map<String, String> before = locked.entries();
        List<KeyChange> changes = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> put : new TreeMap<>(plan.puts()).entrySet()) {
            changes.add(new KeyChange(put.getKey(), before.get(put.getKey()), put.getValue(),
                    schema.isSecret(put.getKey())));
        }
        for (String key : new java.util.TreeSet<>(plan.deletes())) {
            String old = before.get(key);
            if (old == null) {
                missing.add(key);
            } else {
                changes.add(new KeyChange(key, old, null, schema.isSecret(key)));
            }
        }
        // A step from the content before: costs the keys changed, not the size of the namespace.
        Map<String, String> content = Snapshot.of(locked.namespace(), locked.revision(), before)
                .step(locked.revision() + 1, plan.puts(), plan.deletes()).entries();
        Set<String> touched = plan.schema().isPresent() ? content.keySet() : new LinkedHashSet<>(plan.puts().keySet());
        violations.addAll(schema.check(content, touched));
        return new Outcome(content, changes, schema, violations, missing);
    }

    private static void checkPreconditions(String namespace, NamespaceStore.Row row, Preconditions preconditions,
            long revisionBefore) {
        if (preconditions.ifMatch().isPresent()) {
            if (preconditions.ifMatch().get() != revisionBefore) {
                throw ApiException.preconditionFailed(namespace, preconditions.ifMatch().get(), revisionBefore);
            }
        } else if (row.requireIfMatch() && !preconditions.createOnly()) {
            throw ApiException.preconditionRequired(namespace);
        }
    }

    /** Whether the value of a key of a live namespace is secret under its current schema. */
    public boolean isSecret(String namespace, String key) {
        return sql(() -> store.find(namespace)).map(this::schemaOf).map(schema -> schema.isSecret(key)).orElse(false);
    }

    /** The compiled schema stored with a namespace row. */
    public Schema schemaOf(NamespaceStore.Row row) {
        if (row.schemaJson() == null) {
            return Schema.NONE;
        }
        try {
            List<Violation> problems = new ArrayList<>();
            Schema schema = Schema.compile(json.readValue(row.schemaJson(), SchemaDocument.class), problems);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Stored schema of '" + row.name() + "' is invalid: " + problems);
            }
            return schema;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored schema of '" + row.name() + "' is unreadable", e);
        }
    }

    /** Keys listed with their values in an audit event, more are only counted: ten 64 KiB values fit its 1 MiB row. */
    private static final int AUDITED_KEYS = 10;

    private String auditDetail(Plan plan, Outcome outcome) {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (plan.note() != null) {
            detail.put("note", plan.note());
        }
        Map<String, String> puts = new TreeMap<>();
        List<String> deletes = new ArrayList<>();
        int putCount = 0;
        for (KeyChange change : outcome.changes()) {
            if (change.newValue() == null) {
                if (deletes.size() < AUDITED_KEYS) {
                    deletes.add(change.key());
                }
            } else if (putCount++ < AUDITED_KEYS) {
                puts.put(change.key(), outcome.schema().isSecret(change.key()) ? MASK : change.newValue());
            }
        }
        detail.put("put", puts);
        detail.put("delete", deletes);
        int deleteCount = outcome.changes().size() - putCount;
        if (putCount > puts.size() || deleteCount > deletes.size()) {
            // A large import would not fit the audit row; the revision's history holds every change.
            detail.put("putCount", putCount);
            detail.put("deleteCount", deleteCount);
            detail.put("truncated", true);
        }
        plan.schema().ifPresent(schema -> detail.put("schema", schema));
        return detail(detail);
    }

    private String detail(Map<String, Object> detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit details are plain maps", e);
        }
    }

    /**
     * The database is the truth: on start-up every namespace, deleted ones as tombstones, is published from it, unless
     * the cluster already holds it (other members kept it) or has seen a later state (see {@link #repairPublication}).
     */
    void publishAllOnStart(@Observes StartupEvent start) {
        int published = repairPublication();
        LOG.infof("LIVECONFIG-0203 Published %d namespaces from the database", published);
    }

    /**
     * Publishes again every namespace that the map lacks or holds at an older revision than the database. Where the
     * cluster has seen a later state than the database holds, the database was restored from a backup (or lost its last
     * commits): its content becomes the namespace's next revision in a higher epoch, which apps apply although they
     * hold higher revision numbers.
     *
     * @return how many had to be published
     */
    // Synchronized: the timer, cluster events and start-up may ask at once, and one restore must not become two.
    public synchronized int repairPublication() {
        Map<String, Snapshot> seen = publisher.seenInCluster();
        int repaired = 0;
        for (String name : sql(store::allNames)) {
            try {
                Optional<NamespaceStore.Current> current = sql(() -> store.current(name));
                if (current.isEmpty()) {
                    continue;
                }
                Snapshot truth = current.get().snapshot();
                Snapshot later = seen.get(name);
                // The cluster port is not authenticated: an epoch far ahead of the database's is not believed.
                if (later != null && later.supersedes(truth)
                        && later.epoch() - truth.epoch() <= Version.MAX_EPOCH_LEAD) {
                    restoreHistory(name, later);
                    repaired++;
                } else if (publisher.repair(truth, schemaOf(current.get().row()))) {
                    repaired++;
                }
            } catch (RuntimeException e) {
                // One namespace that cannot be read or published must not keep the others from being repaired.
                LOG.errorf(e, "LIVECONFIG-0210 Could not check the publication of namespace '%s'", name);
            }
        }
        return repaired;
    }

    /**
     * Makes the database's content of a namespace the latest state again, after the cluster has seen a later one: a
     * revision of kind {@code restore} in an epoch above both, recorded and audited like any change, then published.
     */
    private void restoreHistory(String name, Snapshot seen) {
        Committed committed = inTransaction(() -> {
            NamespaceStore.Row before = store.find(name).orElseThrow();
            if (!seen.supersedes(Snapshot.of(name, before.revision(), Map.of()).withEpoch(before.epoch()))) {
                return null; // a write or another member's restore got there first
            }
            long epoch = Math.max(before.epoch(), seen.epoch()) + 1;
            // Only from the row as read: a concurrent restore (another server member) makes this one do nothing.
            Optional<Long> raised = store.raiseEpoch(name, epoch, before.epoch(), before.revision());
            if (raised.isEmpty()) {
                return null;
            }
            long revision = raised.get();
            NamespaceStore.Row row = store.find(name).orElseThrow();
            Map<String, String> entries = row.deleted() ? Map.of() : store.entries(name);
            String note = "The cluster had seen revision " + seen.revision() + " (epoch " + seen.epoch()
                    + ") but the database held revision " + before.revision() + " (epoch " + before.epoch()
                    + "): the database's content is published again as epoch " + epoch;
            revisions.insert(name, revision, "restore", "liveconfig", note);
            audit.record(new Provenance("liveconfig", null), "restore", name, revision,
                    detail(Map.of("seenRevision", seen.revision(), "seenEpoch", seen.epoch(), "epoch", epoch)));
            Snapshot snapshot = row.deleted()
                    ? Snapshot.tombstone(name, revision)
                    : Snapshot.of(name, revision, entries);
            return new Committed(snapshot.withEpoch(epoch), schemaOf(row));
        });
        if (committed == null) {
            return;
        }
        LOG.warnf("LIVECONFIG-0209 Namespace '%s': the cluster had seen revision %d (epoch %d), the database holds an "
                + "earlier state (restored from a backup?); published it as revision %d, epoch %d, which apps apply",
                name, seen.revision(), seen.epoch(), committed.snapshot().revision(), committed.snapshot().epoch());
        committed(committed);
    }

    /** Content this service committed, with when its revision was recorded. */
    private record CommittedContent(Snapshot snapshot, Instant recordedAt) {
    }

    /**
     * The content of each namespace as last committed through this service, so that a write to a large namespace does
     * not read every entry again under the namespace's lock. Used only when its epoch and revision are the ones the
     * locked row had before the write and the database recorded that revision at the same time (a restored backup may
     * reuse revision numbers); otherwise (another server member wrote, nothing is cached) the database answers.
     */
    private final ConcurrentHashMap<String, CommittedContent> committedContent = new ConcurrentHashMap<>();

    private Map<String, String> entriesAt(String namespace, long epoch, long revision) throws SQLException {
        CommittedContent cached = committedContent.get(namespace);
        if (cached != null && cached.snapshot().epoch() == epoch && cached.snapshot().revision() == revision
                && revisions.recordedAt(namespace, revision).filter(cached.recordedAt()::equals).isPresent()) {
            return cached.snapshot().entries();
        }
        return store.entries(namespace);
    }

    /** After commit: remembers the content of a write (forgets it for anything else) and publishes it. */
    private void committed(Committed committed) {
        Snapshot snapshot = committed.snapshot();
        if (committed.recordedAt() != null) {
            committedContent.put(snapshot.namespace(), new CommittedContent(snapshot, committed.recordedAt()));
        } else {
            committedContent.remove(snapshot.namespace());
        }
        publisher.publish(snapshot, committed.schema(), committed.step());
    }

    private static SnapshotPublisher.Step step(long baseRevision, List<KeyChange> changes) {
        Map<String, String> puts = new HashMap<>();
        Set<String> removes = new HashSet<>();
        for (KeyChange change : changes) {
            if (change.newValue() == null) {
                removes.add(change.key());
            } else {
                puts.put(change.key(), change.newValue());
            }
        }
        return new SnapshotPublisher.Step(baseRevision, puts, removes);
    }

    private static ApiException namespaceExists(String name) {
        return new ApiException(409, "namespace-exists", "Namespace exists", "Namespace '" + name + "' already exists",
                List.of());
    }

    /** Work inside a write transaction. */
    @FunctionalInterface
    private interface TransactionWork<T> {
        T run() throws SQLException, JsonProcessingException;
    }

    /** Runs work in a new transaction that commits when it returns and rolls back when it throws. */
    private static <T> T inTransaction(TransactionWork<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new IllegalStateException("Database error: " + e.getMessage(), e);
            }
        });
    }

    /** SQL that can fail. */
    @FunctionalInterface
    public interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** Runs SQL, turning a database failure into an unchecked exception (a 500 for the API). */
    public static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new IllegalStateException("Database error: " + e.getMessage(), e);
        }
    }
}
