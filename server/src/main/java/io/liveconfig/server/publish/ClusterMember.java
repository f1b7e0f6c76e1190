package io.liveconfig.server.publish;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionAwareKey;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.protocol.MapNames;
import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.ServerLog;
import io.quarkus.runtime.Startup;

/**
 * The embedded Hazelcast member, started with the server and stopped with it. Apps connect to its client endpoint,
 * other server members to its member endpoint (see {@link MemberConfig}).
 */
@Startup
@ApplicationScoped
public class ClusterMember {

    private final HazelcastInstance member;

    ClusterMember(ServerConfig server, Event<ClusterChanged> changes) {
        ServerConfig.Cluster cluster = server.cluster();
        Config config = MemberConfig.of(cluster);
        config.addListenerConfig(new ListenerConfig(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changes.fireAsync(new ClusterChanged("member joined: " + event.getMember().getAddress()));
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changes.fireAsync(new ClusterChanged("member left: " + event.getMember().getAddress()));
            }
        }));
        config.addListenerConfig(new ListenerConfig((LifecycleListener) event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                changes.fireAsync(new ClusterChanged("split brain merged"));
            }
        }));
        member = Hazelcast.newHazelcastInstance(config);
        ServerLog.LOG.memberStarted(cluster.name(), cluster.host(), cluster.port(), cluster.member().host(),
                cluster.member().port());
    }

    /** The map that distributes snapshots; the database, not this map, is the truth. */
    public ReplicatedMap<String, String> snapshots() {
        return member.getReplicatedMap(MapNames.SNAPSHOTS);
    }

    /** The latest change per namespace, which apps listen to. */
    public ReplicatedMap<String, String> changes() {
        return member.getReplicatedMap(MapNames.CHANGES);
    }

    /** What app instances report about themselves; untrusted input from the client port. */
    public ReplicatedMap<String, String> instanceReports() {
        return member.getReplicatedMap(MapNames.INSTANCES);
    }

    /** The version last put into a replicated map, by map and namespace, and the locks that order those puts. */
    IMap<PartitionAwareKey<String, String>, String> lastPuts() {
        return member.getMap(MemberConfig.LAST_PUTS);
    }

    /** Whether this is the cluster's only server member (apps are clients, not members). */
    boolean isAlone() {
        return member.getCluster().getMembers().size() == 1;
    }

    public boolean isRunning() {
        return member.getLifecycleService().isRunning();
    }

    @PreDestroy
    void stop() {
        member.shutdown();
    }
}
