package io.liveconfig.server.revision;

import static io.liveconfig.server.namespace.NamespaceService.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.api.ApiException;
import io.liveconfig.server.api.Caller.Provenance;
import io.liveconfig.server.api.Preconditions;
import io.liveconfig.server.api.Problem.Violation;
import io.liveconfig.server.namespace.NamespaceService;
import io.liveconfig.server.namespace.NamespaceService.Plan;
import io.liveconfig.server.namespace.NamespaceStore;
import io.liveconfig.server.namespace.RevisionView;
import io.liveconfig.server.revision.RevisionViews.Content;
import io.liveconfig.server.revision.RevisionViews.Detail;
import io.liveconfig.server.revision.RevisionViews.Diff;
import io.liveconfig.server.revision.RevisionViews.KeyChange;
import io.liveconfig.server.revision.RevisionViews.Page;
import io.liveconfig.server.revision.RevisionViews.Summary;
import io.liveconfig.server.schema.Schema;

/**
 * The history of a namespace: every revision, what it changed, the content at any revision, diffs, and rollbacks, which
 * add a revision and never rewrite one.
 */
@ApplicationScoped
public class RevisionService {

    private static final String MASK = "******";

    private final RevisionStore store;
    private final NamespaceStore namespaces;
    private final NamespaceService writes;

    RevisionService(RevisionStore store, NamespaceStore namespaces, NamespaceService writes) {
        this.store = store;
        this.namespaces = namespaces;
        this.writes = writes;
    }

    public Page list(String namespace, int page, int size) {
        schema(namespace); // 404 for an unknown namespace
        List<Summary> revisions = sql(() -> store.list(namespace, page * size, size + 1)).stream()
                .map(RevisionService::summary)
                .toList();
        boolean more = revisions.size() > size;
        return new Page(namespace, more ? revisions.subList(0, size) : revisions, more ? page + 1 : null);
    }

    public Detail get(String namespace, long revision) {
        Masking schema = masking(namespace);
        RevisionStore.Row row = sql(() -> store.find(namespace, revision))
                .orElseThrow(() -> revisionNotFound(namespace, revision));
        List<KeyChange> changes = sql(() -> store.changes(namespace, revision)).stream()
                .map(change -> change.secret()
                        ? masked(change.key(), change.oldValue(), change.newValue())
                        : masked(schema, change.key(), change.oldValue(), change.newValue()))
                .toList();
        return new Detail(namespace, summary(row), changes);
    }

    public Content contentAt(String namespace, long revision) {
        Masking schema = masking(namespace);
        TreeMap<String, String> entries = new TreeMap<>(content(namespace, revision));
        entries.replaceAll((key, value) -> schema.isSecret(key) ? MASK : value);
        return new Content(namespace, revision, entries);
    }

    public Diff diff(String namespace, long from, long to) {
        Masking schema = masking(namespace);
        Map<String, String> before = content(namespace, from);
        Map<String, String> after = content(namespace, to);
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<KeyChange> changes = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changes.add(masked(schema, key, before.get(key), after.get(key)));
            }
        }
        return new Diff(namespace, from, to, changes);
    }

    /** A new revision whose content equals that of an earlier one. */
    public RevisionView rollback(String namespace, long target, String note, Provenance who,
            Preconditions preconditions) {
        return writes.write(namespace, "rollback", who, preconditions, current -> {
            if (target > current.revision() || store.find(namespace, target).isEmpty()) {
                throw revisionNotFound(namespace, target);
            }
            Map<String, String> wanted = store.contentAt(namespace, target);
            Set<String> everSecret = store.everSecret(namespace);
            List<String> exposed = wanted.keySet().stream()
                    .filter(key -> everSecret.contains(key) && !current.schema().isSecret(key))
                    .sorted()
                    .toList();
            if (!exposed.isEmpty()) {
                throw new ApiException(422, "secret-exposure", "Rollback would expose secrets",
                        "Revision " + target + " holds values that were secret, and the current schema would publish "
                                + "them in clear: mark them secret again first",
                        exposed.stream().map(key -> new Violation(key, "secret", "was secret")).toList());
            }
            Map<String, String> puts = new HashMap<>();
            wanted.forEach((key, value) -> {
                if (!value.equals(current.entries().get(key))) {
                    puts.put(key, value);
                }
            });
            Set<String> deletes = new HashSet<>(current.entries().keySet());
            deletes.removeAll(wanted.keySet());
            return Plan.changes(puts, deletes, note != null ? note : "rollback to revision " + target);
        });
    }

    private Map<String, String> content(String namespace, long revision) {
        sql(() -> store.find(namespace, revision)).orElseThrow(() -> revisionNotFound(namespace, revision));
        return sql(() -> store.contentAt(namespace, revision));
    }

    /** Which keys history masks: secret now, or secret when any of their values was written. */
    private record Masking(Schema schema, Set<String> everSecret) {

        boolean isSecret(String key) {
            return everSecret.contains(key) || schema.isSecret(key);
        }
    }

    /** The masking of a namespace's history; history of a deleted namespace stays readable. */
    private Masking masking(String namespace) {
        return new Masking(schema(namespace), sql(() -> store.everSecret(namespace)));
    }

    private Schema schema(String namespace) {
        return sql(() -> namespaces.find(namespace)).map(writes::schemaOf)
                .orElseThrow(() -> ApiException.namespaceNotFound(namespace));
    }

    private static KeyChange masked(Masking masking, String key, String oldValue, String newValue) {
        return masking.isSecret(key) ? masked(key, oldValue, newValue) : new KeyChange(key, oldValue, newValue);
    }

    private static KeyChange masked(String key, String oldValue, String newValue) {
        return new KeyChange(key, oldValue == null ? null : MASK, newValue == null ? null : MASK);
    }

    private static Summary summary(RevisionStore.Row row) {
        return new Summary(row.revision(), row.kind(), row.author(), row.createdAt(), row.note(), row.changeCount());
    }

    private static ApiException revisionNotFound(String namespace, long revision) {
        return new ApiException(404, "revision-not-found", "Revision not found",
                "Namespace '" + namespace + "' has no revision " + revision, List.of());
    }
}
