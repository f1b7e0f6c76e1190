package io.liveconfig.server.publish;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
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
 * <p>
 * If the member stops while the server runs (shut down through the member endpoint, out of memory, failed to rejoin),
 * the server cannot publish: it refuses writes, is neither ready nor live, and must be restarted. It does not start a
 * new member by itself: whatever stopped this one may stop the next, and a restart is what orchestrators already do for
 * a server that is not live.
 */
@Startup
@ApplicationScoped
public class ClusterMember {

    private final HazelcastInstance member;
    /** Set when the server stops the member itself; a stop before that is unexpected. */
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Set once the member stopped without the server stopping it. */
    private final AtomicBoolean lost = new AtomicBoolean();

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
            } else if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN && !stopping.get()
                    && lost.compareAndSet(false, true)) {
                ServerLog.LOG.memberLost(cluster.name());
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

    /**
     * Whether the member can publish: it runs, and the cluster takes writes (a passive cluster takes reads only). A
     * write checks it before it commits anything.
     */
    public boolean canPublish() {
        try {
            return member.getLifecycleService().isRunning()
                    && member.getCluster().getClusterState() != ClusterState.PASSIVE;
        } catch (HazelcastInstanceNotActiveException e) {
            return false; // stopped between the two checks
        }
    }

    /** Whether the member stopped without the server stopping it: only a restart of the server brings it back. */
    public boolean isLost() {
        return lost.get();
    }

    @PreDestroy
    void stop() {
        stopping.set(true);
        member.shutdown();
    }
}
