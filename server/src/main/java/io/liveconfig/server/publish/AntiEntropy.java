package io.liveconfig.server.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import io.liveconfig.server.namespace.NamespaceService;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the replicated map equal to the database: the map may lose events, lose values in a split brain, or miss a
 * publication that failed after its commit. Every namespace is checked on a timer and whenever the cluster changes.
 */
@ApplicationScoped
public class AntiEntropy {

    private static final Logger LOG = Logger.getLogger(AntiEntropy.class);

    private final NamespaceService namespaces;

    AntiEntropy(NamespaceService namespaces) {
        this.namespaces = namespaces;
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
