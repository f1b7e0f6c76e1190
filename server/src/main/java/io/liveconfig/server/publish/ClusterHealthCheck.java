package io.liveconfig.server.publish;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the member that publishes snapshots can publish: it runs and the cluster takes writes. */
@Readiness
public class ClusterHealthCheck implements HealthCheck {

    private final ClusterMember member;

    ClusterHealthCheck(ClusterMember member) {
        this.member = member;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("liveconfig-cluster-member").status(member.canPublish()).build();
    }
}
