package io.liveconfig.server.publish;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the member that publishes snapshots can publish: it runs and the cluster takes writes. Its data
 * counts what strangers on the cluster port wrote: map values and report seals that the server's keys did not sign.
 */
@Readiness
public class ClusterHealthCheck implements HealthCheck {

    private final ClusterMember member;
    private final ClusterView cluster;

    ClusterHealthCheck(ClusterMember member, ClusterView cluster) {
        this.member = member;
        this.cluster = cluster;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("liveconfig-cluster-member").status(member.canPublish())
                .withData("untrustedValues", cluster.untrustedValues())
                .withData("untrustedReports", cluster.untrustedReports()).build();
    }
}
