package io.liveconfig.server.publish;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionAwareKey;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.protocol.Version;

/**
 * Puts a namespace's values into a replicated map in version order across every server member of the cluster.
 * <p>
 * A replicated map has no compare-and-set, and what one member knows of it is its own replica, a moment behind the
 * key's owner. Two members publish one namespace at once whenever two writes through them commit one after the other,
 * or a member's repair reads the database just before another member's write: then the older value may reach the map
 * last. Measured with two members (integration-tests {@code MultiMemberTest}, before this class): in 400 writes by four
 * writers the maps went back by 1 to 3 revisions six times, and during a rolling restart by up to 9; an app that had
 * not applied the newer value yet then waited for the next write, its re-read or the repair timer.
 * <p>
 * So each put runs under a cluster-wide lock on its map and namespace (an {@link IMap} key lock, open source, released
 * when its member leaves), after reading the version last put there, which that partitioned map holds consistently with
 * a backup on another member: only a value no older than it is put. Equal versions are put again, which is how a repair
 * restores a value the map lost.
 * <p>
 * The lock and the version live in the namespace's own partition, where the replicated maps put its values, so a put
 * depends on no other partition's owner. It also waits for that partition's backup (the version must survive its
 * owner): when the member owning or backing it dies, puts of the namespace wait until the cluster removes it, about a
 * second after a {@code kill -9} on loopback. Before this class the survivor answered sooner when it owned the
 * partition (0.15 s against 0.5 to 1 s), but apps did not see writes sooner: up to 1.9 s against 1.0 s.
 */
@ApplicationScoped
class PublicationOrder {

    private static final Logger LOG = Logger.getLogger(PublicationOrder.class);
    /**
     * How long a put waits for another member's put of the same namespace: a member that stalls longer than this loses
     * its lock only when the cluster removes it, and a write must not wait that long for its answer. A put that gives
     * up is published again by the next write or repair.
     */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    private final ClusterMember member;

    PublicationOrder(ClusterMember member) {
        this.member = member;
    }

    /**
     * Puts the value unless the map's value for the namespace was last put at a later version by any member.
     *
     * @param version the version of the value
     * @return whether it was put
     * @throws IllegalStateException if another member's put held the namespace longer than {@link #LOCK_WAIT}
     */
    boolean put(ReplicatedMap<String, String> map, String namespace, Version version, String value) {
        if (member.isAlone()) {
            // No other member publishes: this one's puts are in order already (SnapshotPublisher), and the lock and
            // its record are five more cluster operations per put, each a hand-off to a partition thread. A member
            // that joins compares with the map's replica too (below), so what was put meanwhile counts.
            map.put(namespace, value);
            return true;
        }
        IMap<PartitionAwareKey<String, String>, String> lastPut = member.lastPuts();
        PartitionAwareKey<String, String> key = new PartitionAwareKey<>(map.getName() + "/" + namespace, namespace);
        boolean locked;
        try {
            locked = lastPut.tryLock(key, LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to publish namespace '" + namespace + "'", e);
        }
        if (!locked) {
            throw new IllegalStateException("Another member held the publication of namespace '" + namespace
                    + "' in " + map.getName() + " for more than " + LOCK_WAIT);
        }
        try {
            IMap<?, ?> records = lastPut;
            Version last = lastPut(MapReads.text(() -> records.get(key)), MapReads.get(map, namespace));
            if (last != null && last.supersedes(version)) {
                LOG.debugf("Not putting namespace '%s' %s into %s: %s was put there", namespace, version,
                        map.getName(), last);
                return false;
            }
            map.put(namespace, value);
            lastPut.set(key, version.epoch() + "/" + version.revision());
            return true;
        } finally {
            lastPut.unlock(key);
        }
    }

    /**
     * The version last put: the later of the record and this member's replica of the value. The record may be gone (the
     * members that held it and its backup left at once) or behind (a member alone puts without it).
     */
    private static Version lastPut(String recorded, String replica) {
        Version fromRecord = null;
        if (recorded != null) {
            int slash = recorded.indexOf('/');
            try {
                fromRecord = new Version(Long.parseLong(recorded.substring(0, slash)),
                        Long.parseLong(recorded.substring(slash + 1)));
            } catch (RuntimeException e) {
                // not a record any member wrote: clients reach this map by name too
            }
        }
        Version fromReplica = null;
        if (replica != null) {
            try {
                fromReplica = SnapshotCodec.peekVersion(replica);
            } catch (SnapshotFormatException e) {
                // not a value anyone should keep
            }
        }
        if (fromRecord == null || fromReplica == null) {
            return fromRecord != null ? fromRecord : fromReplica;
        }
        return fromReplica.supersedes(fromRecord) ? fromReplica : fromRecord;
    }
}
