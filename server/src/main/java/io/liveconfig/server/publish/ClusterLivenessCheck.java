package io.liveconfig.server.publish;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Not live once the member stopped without the server stopping it: the server does not start another, so an
 * orchestrator that restarts servers which are not live brings the member back.
 */
@Liveness
public class ClusterLivenessCheck implements HealthCheck {

    private final ClusterMember member;

    ClusterLivenessCheck(ClusterMember member) {
        this.member = member;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("liveconfig-cluster-member").status(!member.isLost()).build();
    }
}
