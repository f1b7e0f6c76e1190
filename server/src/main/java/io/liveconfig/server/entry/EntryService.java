package io.liveconfig.server.entry;

import static io.liveconfig.server.namespace.NamespaceService.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.api.ApiException;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.namespace.NamespaceService;
import io.liveconfig.server.namespace.NamespaceStore;
import io.liveconfig.server.namespace.RevisionView;
import io.liveconfig.snapshot.Snapshot;

/** Reads and changes the entries of a namespace; every change is one revision. */
@ApplicationScoped
public class EntryService {

    private final NamespaceStore store;
    private final NamespaceService namespaces;

    EntryService(NamespaceStore store, NamespaceService namespaces) {
        this.store = store;
        this.namespaces = namespaces;
    }

    public EntriesView entries(String namespace) {
        Snapshot snapshot = live(namespace);
        return new EntriesView(namespace, snapshot.revision(), new TreeMap<>(snapshot.entries()));
    }

    public EntryView entry(String namespace, String key) {
        Snapshot snapshot = live(namespace);
        String value = snapshot.entries().get(key);
        if (value == null) {
            throw ApiException.keyNotFound(namespace, key);
        }
        return new EntryView(namespace, key, value, snapshot.revision());
    }

    /**
     * Applies a change set as one revision: all of it or, if any key to delete is missing, none of it.
     *
     * @throws ApiException 400 if the change set is empty or names a key twice, 404 if the namespace or a key to delete
     * does not exist
     */
    public RevisionView apply(String namespace, ChangeSetRequest changes) {
        checkShape(changes);
        return namespaces.commit(namespace, () -> {
            long revision = store.nextRevision(namespace).orElseThrow(() -> ApiException.namespaceNotFound(namespace));
            for (Map.Entry<String, String> put : new TreeMap<>(changes.put()).entrySet()) {
                store.put(namespace, put.getKey(), put.getValue(), revision);
            }
            for (String key : changes.delete()) {
                if (!store.delete(namespace, key)) {
                    throw ApiException.keyNotFound(namespace, key);
                }
            }
        });
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

    private Snapshot live(String namespace) {
        return sql(() -> store.snapshot(namespace)).filter(snapshot -> !snapshot.deleted())
                .orElseThrow(() -> ApiException.namespaceNotFound(namespace));
    }
}
