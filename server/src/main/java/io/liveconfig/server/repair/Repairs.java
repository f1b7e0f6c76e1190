package io.liveconfig.server.repair;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;

import io.liveconfig.protocol.Version;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.publish.ClusterChanged;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.publish.ClusterView;
import io.liveconfig.server.publish.MapReads;
import io.liveconfig.server.publish.SnapshotPublisher;
import io.liveconfig.server.schema.Schemas;
import io.liveconfig.server.signing.SigningKeys;
import io.liveconfig.server.store.NamespaceStore;
import io.liveconfig.server.store.StoreStartup;
import io.liveconfig.server.store.Transactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the replicated maps equal to the database, which is the truth: the maps may lose events, lose values in a split
 * brain, miss a publication that failed after its commit, or start empty after a full cluster restart. Looks on
 * start-up, on a timer ({@code liveconfig.cluster.repair-interval}), whenever the cluster changes, and when an app
 * reports a later state than the maps hold.
 * <p>
 * A look compares versions first, one query for the database and the first fields of each map value, and reads the
 * entries only of the namespaces it must publish again: when nothing is stale it costs a query and a few microseconds
 * per namespace.
 */
@ApplicationScoped
public class Repairs {

    private final NamespaceStore namespaces;
    private final Schemas schemas;
    private final ClusterMember member;
    private final ClusterView cluster;
    private final SnapshotPublisher publisher;
    private final HistoryRestore restore;
    private final Event<ClusterChanged> changes;
    private final StoreStartup store;
    private final Transactions transactions;
    private final SigningKeys keys;
    /** How many namespaces' entries looks have read, to publish them again: what a look cost beyond versions. */
    private final AtomicLong entriesRead = new AtomicLong();
    private final Counter republished;

    Repairs(NamespaceStore namespaces, Schemas schemas, ClusterMember member, ClusterView cluster,
            SnapshotPublisher publisher, HistoryRestore restore, Event<ClusterChanged> changes, StoreStartup store,
            Transactions transactions, SigningKeys keys, MeterRegistry registry) {
        this.republished = Counter.builder("liveconfig.repairs")
                .description("Namespaces published again from the database because the maps lacked them or held an "
                        + "older version (history restores are counted apart)")
                .register(registry);
        this.keys = keys;
        this.store = store;
        this.transactions = transactions;
        this.namespaces = namespaces;
        this.schemas = schemas;
        this.member = member;
        this.cluster = cluster;
        this.publisher = publisher;
        this.restore = restore;
        this.changes = changes;
    }

    /**
     * Publishes every namespace, deleted ones as tombstones, from the database unless the cluster already holds it
     * (other members kept it) or has seen a later state; and looks at once, rather than on the next timer, when an app
     * reports a later revision than the maps hold: after a full cluster restart on a restored database, the apps are
     * the only ones that remember.
     */
    void onStart(@Observes StartupEvent start) {
        store.restoredBackup().ifPresent(this::moveOnFromBackup);
        ServerLog.LOG.publishedOnStart(repairPublication());
        member.instanceReports().addEntryListener(new EntryAdapter<>() {
            @Override
            public void onEntryEvent(EntryEvent<String, String> event) {
                String report = MapReads.value(event);
                if (report != null && cluster.isBehind(report)) {
                    changes.fireAsync(new ClusterChanged("an app holds a later revision"));
                }
            }
        });
    }

    /** The server runs on a restored backup: every namespace moves to a new epoch before anything is published. */
    private void moveOnFromBackup(Instant backupTakenAt) {
        ServerLog.LOG.startedOnBackup(backupTakenAt);
        for (String name : Transactions.read(namespaces::allNames)) {
            restore.restoreBackup(name, backupTakenAt);
        }
        store.forgetRestoredBackup(transactions);
    }

    @Scheduled(every = "${liveconfig.cluster.repair-interval:30s}", delayed = "${liveconfig.cluster.repair-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onTimer() {
        repair("timer");
    }

    void onClusterChange(@ObservesAsync ClusterChanged change) {
        repair(change.reason());
    }

    private void repair(String reason) {
        try {
            int repaired = repairPublication();
            if (repaired > 0) {
                ServerLog.LOG.republished(repaired, reason);
            }
        } catch (RuntimeException e) {
            ServerLog.LOG.repairFailed(reason, e.toString());
        }
    }

    /**
     * Publishes again every namespace that the maps lack or hold at an older version than the database. Where the
     * cluster has seen a later version than the database holds, restores the database's history as the latest (see
     * {@link HistoryRestore}).
     *
     * @return how many had to be published
     */
    // Synchronized: the timer, cluster events and start-up may ask at once, and one restore must not become two.
    public synchronized int repairPublication() {
        keys.refresh(); // another member may have rotated the signing key: publish with the active one
        Map<String, Version> truth = Transactions.read(namespaces::versions);
        Map<String, ClusterView.Held> held = cluster.held();
        Map<String, Version> seen = cluster.seen(held);
        int repaired = 0;
        for (Map.Entry<String, Version> namespace : truth.entrySet()) {
            String name = namespace.getKey();
            Version later = seen.get(name);
            try {
                // Only publications the server signed are seen: a stranger's claim never makes it commit a restore.
                if (later != null && later.supersedes(namespace.getValue())) {
                    restore.restore(name, later);
                    repaired++;
                } else if (!held.getOrDefault(name, new ClusterView.Held(null, null, false)).holds(namespace.getValue())
                        && republish(name)) {
                    repaired++;
                }
            } catch (RuntimeException e) {
                // One namespace that cannot be read or published must not keep the others from being repaired.
                ServerLog.LOG.namespaceRepairFailed(e, name);
            }
        }
        return repaired;
    }

    /** Reads a stale namespace from the database and publishes it, unless a write published it meanwhile. */
    private boolean republish(String name) {
        entriesRead.incrementAndGet();
        Optional<NamespaceStore.Current> current = Transactions.read(() -> namespaces.current(name));
        boolean published = current.isPresent() && publisher.repair(current.get().snapshot(),
                schemas.stored(name, current.get().row().schemaJson()));
        if (published) {
            republished.increment();
        }
        return published;
    }

    /** How many namespaces' entries repairs have read since start-up: none while nothing is stale. */
    public long entriesRead() {
        return entriesRead.get();
    }
}
