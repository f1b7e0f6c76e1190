package io.liveconfig.server.entry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.core.Provenance;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.RevisionKind;
import io.liveconfig.server.core.Violation;
import io.liveconfig.server.read.NamespaceReader;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.server.write.Plan;
import io.liveconfig.server.write.Preconditions;
import io.liveconfig.server.write.WriteService;
import io.liveconfig.server.write.Written;

/** Reads and changes the entries of a namespace; every change is one revision. */
@ApplicationScoped
public class EntryService {

    private final NamespaceReader namespaces;
    private final WriteService writes;

    EntryService(NamespaceReader namespaces, WriteService writes) {
        this.namespaces = namespaces;
        this.writes = writes;
    }

    /** Every entry, secret values masked. */
    public EntriesView entries(String namespace) {
        NamespaceReader.Content current = namespaces.current(namespace);
        return new EntriesView(namespace, current.revision(), current.maskedEntries());
    }

    public EntryView entry(String namespace, String key) {
        NamespaceReader.Content current = namespaces.current(namespace);
        String value = current.maskedEntries().get(key);
        if (value == null) {
            throw Refusal.keyNotFound(namespace, key);
        }
        return new EntryView(namespace, key, value, current.revision());
    }

    /**
     * Applies a change set as one revision: all of it or none of it.
     *
     * @throws Refusal invalid if the change set is empty or names a key twice; not found if the namespace or a key to
     * delete does not exist; for preconditions; unprocessable if the result breaks the schema
     */
    public Written apply(String namespace, ChangeSetRequest changes, Provenance who,
            Preconditions preconditions) {
        checkShape(changes);
        return writes.change(namespace, RevisionKind.CHANGE, who, preconditions, base -> plan(changes));
    }

    /** A value as answers show it: masked if the key is secret. */
    public String shown(String namespace, String key, String value) {
        return namespaces.isSecret(namespace, key) ? Schema.MASK : value;
    }

    /** What applying the change set would be refused for; empty when it would be accepted. */
    public List<Violation> validate(String namespace, ChangeSetRequest changes) {
        checkShape(changes);
        return writes.dryRun(namespace, base -> plan(changes));
    }

    private static Plan plan(ChangeSetRequest changes) {
        return Plan.changes(changes.put(), Set.copyOf(changes.delete()), changes.note());
    }

    private static void checkShape(ChangeSetRequest changes) {
        List<Violation> violations = new ArrayList<>();
        if (changes.put().isEmpty() && changes.delete().isEmpty()) {
            violations.add(new Violation("", "a change set must put or delete at least one key"));
        }
        Set<String> deleted = new HashSet<>();
        for (int i = 0; i < changes.delete().size(); i++) {
            String key = changes.delete().get(i);
            if (!deleted.add(key)) {
                violations.add(new Violation("delete[" + i + "]", "key '" + key + "' is listed twice"));
            } else if (changes.put().containsKey(key)) {
                violations.add(new Violation("delete[" + i + "]", "key '" + key + "' is also in put"));
            }
        }
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations.get(0).message(), violations);
        }
    }
}
