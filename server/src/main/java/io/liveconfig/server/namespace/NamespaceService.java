package io.liveconfig.server.namespace;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.liveconfig.server.api.ApiException;
import io.liveconfig.server.publish.SnapshotPublisher;
import io.liveconfig.snapshot.Snapshot;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Namespaces' life cycle, and the one way every change is made: in a database transaction that assigns the revision,
 * then, after commit, publication of the namespace's snapshot. A write is acknowledged only once committed.
 */
@ApplicationScoped
public class NamespaceService {

    private static final Logger LOG = Logger.getLogger(NamespaceService.class);
    private static final String UNIQUE_VIOLATION = "23505";

    /** Work done inside a write transaction. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    private final NamespaceStore store;
    private final SnapshotPublisher publisher;

    NamespaceService(NamespaceStore store, SnapshotPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    public List<NamespaceView> list() {
        return sql(() -> store.views(Optional.empty()));
    }

    public NamespaceView get(String name) {
        return sql(() -> store.views(Optional.of(name))).stream()
                .findFirst()
                .orElseThrow(() -> ApiException.namespaceNotFound(name));
    }

    /** Creates a namespace, or brings back a deleted one empty, continuing its revisions. */
    public NamespaceView create(String name) {
        try {
            commit(name, () -> {
                Optional<NamespaceStore.Row> row = store.find(name);
                if (row.isEmpty()) {
                    store.insert(name);
                } else if (row.get().deleted()) {
                    store.revive(name);
                } else {
                    throw namespaceExists(name);
                }
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw namespaceExists(name); // a concurrent create won
            }
            throw e;
        }
        return get(name);
    }

    public RevisionView delete(String name) {
        return commit(name, () -> {
            store.markDeleted(name).orElseThrow(() -> ApiException.namespaceNotFound(name));
            store.deleteAll(name);
        });
    }

    /**
     * Runs a change of one namespace in a new transaction, then publishes the namespace as committed.
     *
     * @throws ApiException thrown by the work, after rolling back
     */
    public RevisionView commit(String namespace, Work work) {
        Snapshot snapshot = QuarkusTransaction.requiringNew().call(() -> sql(() -> {
            work.run();
            return store.snapshot(namespace).orElseThrow();
        }));
        publisher.publish(snapshot);
        return new RevisionView(namespace, snapshot.revision());
    }

    /** The database is the truth: on start-up every namespace, deleted ones as tombstones, is published from it. */
    void publishAllOnStart(@Observes StartupEvent start) {
        List<String> names = sql(store::allNames);
        for (String name : names) {
            sql(() -> store.snapshot(name)).ifPresent(publisher::publish);
        }
        LOG.infof("LIVECONFIG-0203 Published %d namespaces from the database", names.size());
    }

    private static ApiException namespaceExists(String name) {
        return new ApiException(409, "namespace-exists", "Namespace exists", "Namespace '" + name + "' already exists",
                List.of());
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
