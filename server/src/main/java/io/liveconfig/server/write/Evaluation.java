package io.liveconfig.server.write;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.Violation;
import io.liveconfig.server.publish.Step;
import io.liveconfig.server.schema.Deadline;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.server.store.RevisionStore.KeyChange;

/**
 * The checks of a write: the effect of a plan on its base, and everything that would refuse it.
 *
 * @param content every entry after the change
 * @param changes each key changed, in key order, puts then deletes
 * @param schema the schema the content must keep: the proposed one, or the current one
 * @param violations the schema rules the content breaks
 * @param missing keys the plan deletes that do not exist
 * @param dropped keys whose secret values a schema change removes (see {@link HeldSecrets}), also among the changes
 */
record Evaluation(Map<String, String> content, List<KeyChange> changes, Schema schema, List<Violation> violations,
        List<String> missing, List<String> dropped) {

    /**
     * @param schema the proposed schema compiled, or the base's
     * @param dropped held secret values the proposed schema removes
     * @param deadline when the schema's checks must be done by
     */
    static Evaluation of(Base base, Plan plan, Schema schema, List<String> dropped, Deadline deadline) {
        Map<String, String> before = base.entries();
        List<KeyChange> changes = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> put : new TreeMap<>(plan.puts()).entrySet()) {
            changes.add(new KeyChange(put.getKey(), before.get(put.getKey()), put.getValue(),
                    schema.isSecret(put.getKey())));
        }
        Set<String> deletes = new TreeSet<>(plan.deletes());
        deletes.addAll(dropped);
        for (String key : deletes) {
            String old = before.get(key);
            if (old == null) {
                missing.add(key);
            } else {
                // A value secret before the change stays masked in history, whatever the new schema says of the key.
                changes.add(new KeyChange(key, old, null, schema.isSecret(key) || base.schema().isSecret(key)));
            }
        }
        // A step from the content before: costs the keys changed, not the size of the namespace.
        Map<String, String> content = Snapshot.of(base.namespace(), base.revision(), before)
                .step(base.revision() + 1, plan.puts(), deletes).entries();
        Set<String> touched = plan.schema().isPresent() ? content.keySet() : new LinkedHashSet<>(plan.puts().keySet());
        return new Evaluation(content, changes, schema, schema.check(content, touched, deadline),
                missing, dropped);
    }

    /** Everything that refuses the write, as violations: for a dry run. */
    List<Violation> refusals() {
        List<Violation> all = new ArrayList<>(violations);
        missing.forEach(key -> all.add(new Violation(key, "exists", "does not exist")));
        return all;
    }

    /**
     * Refuses the write if a key to delete is missing, a create-only write would replace a key, or the schema is
     * broken.
     */
    void refuseIfInvalid(Base base, Plan plan, Preconditions preconditions) {
        if (!missing.isEmpty()) {
            throw Refusal.keyNotFound(base.namespace(), missing.get(0));
        }
        if (preconditions.createOnly()) {
            for (String key : plan.puts().keySet()) {
                if (base.entries().containsKey(key)) {
                    throw Refusal.keyExists(base.namespace(), key);
                }
            }
        }
        if (!violations.isEmpty()) {
            throw Refusal.schemaViolated(base.namespace(), violations);
        }
    }

    /** What apps receive of this change: its step from the base. */
    Step step(long baseRevision) {
        Map<String, String> puts = new HashMap<>();
        Set<String> removes = new HashSet<>();
        for (KeyChange change : changes) {
            if (change.newValue() == null) {
                removes.add(change.key());
            } else {
                puts.put(change.key(), change.newValue());
            }
        }
        return new Step(baseRevision, puts, removes);
    }
}
