package io.liveconfig.server.instance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.publish.ClusterView;
import io.liveconfig.server.publish.MapReads;

/** The app instances' reports as the server shows and counts them: readable ones, sent within the timeout. */
@ApplicationScoped
class InstanceReports {

    private final ClusterMember member;
    private final Duration timeout;

    InstanceReports(ClusterMember member, ServerConfig config) {
        this.member = member;
        this.timeout = config.instances().timeout();
    }

    /** Reports sent within the timeout; one that cannot be read is left out. */
    List<InstanceReport> fresh() {
        long oldest = System.currentTimeMillis() - timeout.toMillis();
        List<InstanceReport> reports = new ArrayList<>();
        for (String encoded : MapReads.entries(member.instanceReports()).values()) {
            // Garbage in the map is not ours to fix: anyone on the client port can write it.
            ClusterView.readable(encoded).filter(report -> report.reportedAt() >= oldest).ifPresent(reports::add);
        }
        return reports;
    }
}
