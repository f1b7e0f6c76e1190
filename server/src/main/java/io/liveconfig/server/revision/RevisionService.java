package io.liveconfig.server.revision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.core.Provenance;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.RevisionKind;
import io.liveconfig.server.core.Violation;
import io.liveconfig.server.read.NamespaceReader;
import io.liveconfig.server.revision.RevisionViews.Content;
import io.liveconfig.server.revision.RevisionViews.Detail;
import io.liveconfig.server.revision.RevisionViews.Diff;
import io.liveconfig.server.revision.RevisionViews.KeyChange;
import io.liveconfig.server.revision.RevisionViews.Page;
import io.liveconfig.server.revision.RevisionViews.Summary;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.server.store.RevisionStore;
import io.liveconfig.server.store.Transactions;
import io.liveconfig.server.write.Plan;
import io.liveconfig.server.write.Preconditions;
import io.liveconfig.server.write.WriteService;
import io.liveconfig.server.write.Written;

/**
 * The history of a namespace: every revision, what it changed, the content at any revision, diffs, and rollbacks, which
 * add a revision and never rewrite one.
 */
@ApplicationScoped
public class RevisionService {

    private final RevisionStore store;
    private final NamespaceReader namespaces;
    private final WriteService writes;

    RevisionService(RevisionStore store, NamespaceReader namespaces, WriteService writes) {
        this.store = store;
        this.namespaces = namespaces;
        this.writes = writes;
    }

    public Page list(String namespace, int page, int size) {
        schema(namespace); // 404 for an unknown namespace
        List<Summary> revisions = Transactions.read(() -> store.list(namespace, page * size, size + 1)).stream()
                .map(RevisionService::summary)
                .toList();
        boolean more = revisions.size() > size;
        return new Page(namespace, more ? revisions.subList(0, size) : revisions, more ? page + 1 : null);
    }

    public Detail get(String namespace, long revision) {
        Masking schema = masking(namespace);
        RevisionStore.Row row = Transactions.read(() -> store.find(namespace, revision))
                .orElseThrow(() -> missing(namespace, revision));
        List<KeyChange> changes = Transactions.read(() -> store.changes(namespace, revision)).stream()
                .map(change -> change.secret()
                        ? masked(change.key(), change.oldValue(), change.newValue())
                        : masked(schema, change.key(), change.oldValue(), change.newValue()))
                .toList();
        return new Detail(namespace, summary(row), changes);
    }

    public Content contentAt(String namespace, long revision) {
        Masking schema = masking(namespace);
        TreeMap<String, String> entries = new TreeMap<>(content(namespace, revision));
        entries.replaceAll((key, value) -> schema.isSecret(key) ? Schema.MASK : value);
        return new Content(namespace, revision, entries);
    }

    /**
     * Each key that differs between two revisions. A masked key is listed when another write set it in between, even to
     * an equal value: compared by value, the diff would tell whether two hidden values are equal.
     */
    public Diff diff(String namespace, long from, long to) {
        return diffsTo(namespace, to).from(from);
    }

    /**
     * Diffs from any revision to one, for comparing several revisions with it: the content at {@code to} and the
     * masking are read once, here.
     *
     * @throws Refusal if the history lacks {@code to}
     */
    public DiffsTo diffsTo(String namespace, long to) {
        Masking masking = masking(namespace);
        return new DiffsTo(namespace, to, masking, held(namespace, to));
    }

    /** Diffs to one revision, as {@link #diff} answers them; not thread-safe. */
    public final class DiffsTo {

        private final String namespace;
        private final long to;
        private final Masking schema;
        private final Map<String, RevisionStore.Held> after;

        private DiffsTo(String namespace, long to, Masking schema, Map<String, RevisionStore.Held> after) {
            this.namespace = namespace;
            this.to = to;
            this.schema = schema;
            this.after = after;
        }

        /** @throws Refusal if the history lacks {@code from} */
        public Diff from(long from) {
            Map<String, RevisionStore.Held> before = held(namespace, from);
            Set<String> keys = new TreeSet<>(before.keySet());
            keys.addAll(after.keySet());
            List<KeyChange> changes = new ArrayList<>();
            for (String key : keys) {
                boolean secret = schema.isSecret(key);
                if (!Objects.equals(compared(before.get(key), secret), compared(after.get(key), secret))) {
                    changes.add(masked(schema, key, value(before.get(key)), value(after.get(key))));
                }
            }
            return new Diff(namespace, from, to, changes);
        }
    }

    /**
     * A new revision whose content equals that of an earlier one. Refused if it would publish in clear a value that was
     * secret, or bring back a secret value that the current schema may check by other rules than it was written under.
     */
    public Written rollback(String namespace, long target, String note, Provenance who,
            Preconditions preconditions) {
        return writes.change(namespace, RevisionKind.ROLLBACK, who, preconditions, current -> {
            if (target > current.revision() || store.find(namespace, target).isEmpty()) {
                throw missing(namespace, target);
            }
            Map<String, String> wanted = store.contentAt(namespace, target);
            Set<String> everSecret = store.everSecret(namespace);
            List<String> exposed = wanted.keySet().stream()
                    .filter(key -> everSecret.contains(key) && !current.schema().isSecret(key))
                    .sorted()
                    .toList();
            if (!exposed.isEmpty()) {
                throw Refusal.secretExposure(namespace, target,
                        exposed.stream().map(key -> new Violation(key, "secret", "was secret")).toList());
            }
            Map<String, String> puts = new HashMap<>();
            List<Violation> unchecked = new ArrayList<>();
            List<Long> schemaChanges = null;
            for (String key : new TreeSet<>(wanted.keySet())) {
                String value = wanted.get(key);
                if (!current.schema().isSecret(key)) {
                    if (!value.equals(current.entries().get(key))) {
                        puts.put(key, value);
                    }
                    continue;
                }
                // A secret is brought back unless the same write holds it now; never compared by value, which would
                // tell whether two hidden values are equal.
                List<RevisionStore.KeyWrite> changes = store.changesOf(namespace, key);
                long written = RestoredSecrets.writeAt(changes, target).orElseThrow().revision();
                if (current.entries().containsKey(key) && RestoredSecrets.writeAt(changes, current.revision())
                        .filter(now -> now.revision() == written).isPresent()) {
                    continue;
                }
                puts.put(key, value);
                if (schemaChanges == null) {
                    schemaChanges = store.revisionsOf(namespace, RevisionKind.SCHEMA_CHANGES);
                }
                if (!RestoredSecrets.checkedAsWritten(changes, written, schemaChanges)) {
                    unchecked.add(new Violation(key, "rules",
                            "the schema may have changed how its values are checked since this one was written"));
                }
            }
            if (!unchecked.isEmpty()) {
                throw Refusal.secretRuleChangeSince(namespace, target, unchecked);
            }
            Set<String> deletes = new HashSet<>(current.entries().keySet());
            deletes.removeAll(wanted.keySet());
            return Plan.changes(puts, deletes, note != null ? note : "rollback to revision " + target);
        });
    }

    private Map<String, String> content(String namespace, long revision) {
        return kept(namespace, revision, () -> store.contentAt(namespace, revision));
    }

    private Map<String, RevisionStore.Held> held(String namespace, long revision) {
        return kept(namespace, revision, () -> store.heldAt(namespace, revision));
    }

    /**
     * What is read of a revision that history keeps; asked again after the read, since retention may prune the revision
     * meanwhile, and what was read would then lack what it deleted.
     */
    private <T> T kept(String namespace, long revision, Transactions.Work<T> read) {
        return Transactions.read(() -> {
            if (store.find(namespace, revision).isEmpty()) {
                return Optional.<T>empty();
            }
            T value = read.run();
            return store.find(namespace, revision).map(found -> value);
        }).orElseThrow(() -> missing(namespace, revision));
    }

    /** A revision the history lacks: 410 if retention pruned it, else 404. */
    private Refusal missing(String namespace, long revision) {
        long from = Transactions.read(() -> store.historyFrom(namespace));
        return revision >= 1 && revision < from
                ? Refusal.revisionPruned(namespace, revision, from)
                : Refusal.revisionNotFound(namespace, revision);
    }

    /** Which keys history masks: secret now, or secret when any of their values was written. */
    private record Masking(Schema schema, Set<String> everSecret) {

        boolean isSecret(String key) {
            return everSecret.contains(key) || schema.isSecret(key);
        }
    }

    /** The masking of a namespace's history; history of a deleted namespace stays readable. */
    private Masking masking(String namespace) {
        return new Masking(schema(namespace), Transactions.read(() -> store.everSecret(namespace)));
    }

    private Schema schema(String namespace) {
        return namespaces.schema(namespace);
    }

    /** What a diff compares of a value: a masked one by the write that set it, so that equal values stay unknown. */
    private static Object compared(RevisionStore.Held held, boolean masked) {
        return held == null ? null : masked ? held.writtenIn() : held.value();
    }

    private static String value(RevisionStore.Held held) {
        return held == null ? null : held.value();
    }

    private static KeyChange masked(Masking masking, String key, String oldValue, String newValue) {
        return masking.isSecret(key) ? masked(key, oldValue, newValue) : new KeyChange(key, oldValue, newValue);
    }

    private static KeyChange masked(String key, String oldValue, String newValue) {
        return new KeyChange(key, oldValue == null ? null : Schema.MASK, newValue == null ? null : Schema.MASK);
    }

    private static Summary summary(RevisionStore.Row row) {
        return new Summary(row.revision(), row.kind(), row.author(), row.createdAt(), row.note(), row.changeCount());
    }
}
