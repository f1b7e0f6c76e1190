package io.liveconfig.server.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.server.namespace.NamespaceService;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the replicated map equal to the database: the map may lose events, lose values in a split brain, or miss a
 * publication that failed after its commit. Every namespace is checked on a timer, whenever the cluster changes, and
 * when an app reports a later state than was published (see {@link NamespaceService#repairPublication()}).
 */
@ApplicationScoped
public class AntiEntropy {

    private static final Logger LOG = Logger.getLogger(AntiEntropy.class);

    private final NamespaceService namespaces;
    private final ClusterMember member;
    private final SnapshotPublisher publisher;
    private final Event<ClusterChanged> changes;

    AntiEntropy(NamespaceService namespaces, ClusterMember member, SnapshotPublisher publisher,
            Event<ClusterChanged> changes) {
        this.namespaces = namespaces;
        this.member = member;
        this.publisher = publisher;
        this.changes = changes;
    }

    /**
     * Looks at once, rather than on the next timer, when an app reports a later revision than this member published:
     * after a full cluster restart on a restored database, the apps are the only ones that remember.
     */
    void watchInstanceReports(@Observes StartupEvent start) {
        member.instanceReports().addEntryListener(new EntryAdapter<>() {
            @Override
            public void onEntryEvent(EntryEvent<String, String> event) {
                if (event.getValue() == null) {
                    return;
                }
                try {
                    if (publisher.isBehind(InstanceReport.decode(event.getValue()))) {
                        changes.fireAsync(new ClusterChanged("an app holds a later revision"));
                    }
                } catch (SnapshotFormatException e) {
                    LOG.debugf("Ignoring an unreadable instance report: %s", e.getMessage());
                }
            }
        });
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
            int repaired = namespaces.repairPublication();
            if (repaired > 0) {
                LOG.infof("LIVECONFIG-0207 Published %d namespaces again from the database (%s)", repaired, reason);
            }
        } catch (RuntimeException e) {
            LOG.warnf("LIVECONFIG-0208 Could not check the published namespaces (%s): %s", reason, e.toString());
        }
    }
}
