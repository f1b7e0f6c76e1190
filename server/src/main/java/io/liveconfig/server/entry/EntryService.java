package io.liveconfig.server.entry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.api.ApiException;
import io.liveconfig.server.api.Caller.Provenance;
import io.liveconfig.server.api.Preconditions;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.namespace.NamespaceService;
import io.liveconfig.server.namespace.NamespaceService.Plan;
import io.liveconfig.server.namespace.RevisionView;

/** Reads and changes the entries of a namespace; every change is one revision. */
@ApplicationScoped
public class EntryService {

    private final NamespaceService namespaces;

    EntryService(NamespaceService namespaces) {
        this.namespaces = namespaces;
    }

    /** Every entry, secret values masked. */
    public EntriesView entries(String namespace) {
        NamespaceService.Current current = namespaces.current(namespace);
        return new EntriesView(namespace, current.revision(), current.maskedEntries());
    }

    public EntryView entry(String namespace, String key) {
        NamespaceService.Current current = namespaces.current(namespace);
        String value = current.maskedEntries().get(key);
        if (value == null) {
            throw ApiException.keyNotFound(namespace, key);
        }
        return new EntryView(namespace, key, value, current.revision());
    }

    /**
     * Applies a change set as one revision: all of it or none of it.
     *
     * @throws ApiException 400 if the change set is empty or names a key twice; 404 if the namespace or a key to delete
     * does not exist; 412/428 for preconditions; 422 if the result breaks the schema
     */
    public RevisionView apply(String namespace, ChangeSetRequest changes, Provenance who,
            Preconditions preconditions) {
        checkShape(changes);
        return namespaces.write(namespace, "change", who, preconditions, current -> plan(changes));
    }

    /** Whether a key's value is secret, so that no answer shows it. */
    public boolean isSecret(String namespace, String key) {
        return namespaces.isSecret(namespace, key);
    }

    /** What applying the change set would be refused for; empty when it would be accepted. */
    public List<Problem.Violation> validate(String namespace, ChangeSetRequest changes) {
        checkShape(changes);
        return namespaces.dryRun(namespace, current -> plan(changes));
    }

    private static Plan plan(ChangeSetRequest changes) {
        return Plan.changes(changes.put(), Set.copyOf(changes.delete()), changes.note());
    }

    private static void checkShape(ChangeSetRequest changes) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (changes.put().isEmpty() && changes.delete().isEmpty()) {
            violations.add(new Problem.Violation("", "a change set must put or delete at least one key"));
        }
        Set<String> deleted = new HashSet<>();
        for (int i = 0; i < changes.delete().size(); i++) {
            String key = changes.delete().get(i);
            if (!deleted.add(key)) {
                violations.add(new Problem.Violation("delete[" + i + "]", "key '" + key + "' is listed twice"));
            } else if (changes.put().containsKey(key)) {
                violations.add(new Problem.Violation("delete[" + i + "]", "key '" + key + "' is also in put"));
            }
        }
        if (!violations.isEmpty()) {
            throw ApiException.invalidRequest(violations.get(0).message(), violations);
        }
    }
}
