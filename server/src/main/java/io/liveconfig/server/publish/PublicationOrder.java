package io.liveconfig.server.publish;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionAwareKey;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.protocol.Durations;
import io.liveconfig.protocol.Seal;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.protocol.Version;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.signing.SigningKeys;

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
     * How long a put waits for another member's put of the same namespace before it takes the lock by force: a write
     * must not wait longer for its answer, and a client of the cluster port can lock a key of this map too.
     */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    private final ClusterMember member;
    private final SigningKeys keys;

    PublicationOrder(ClusterMember member, SigningKeys keys) {
        this.member = member;
        this.keys = keys;
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
        lock(lastPut, key, namespace, map.getName());
        try {
            IMap<?, ?> records = lastPut;
            Version last = later(signedVersion(MapReads.text(() -> records.get(key)), true),
                    signedVersion(MapReads.get(map, namespace), false));
            if (last != null && last.supersedes(version)) {
                LOG.debugf("Not putting namespace '%s' %s into %s: %s was put there", namespace, version,
                        map.getName(), last);
                return false;
            }
            // The record first, then the value: a member that dies between the two leaves a record no survivor goes
            // below (the value it did not put comes back with the next write or repair, which put an equal version
            // again); the other way round, a survivor could put an older value over one the map already spreads. The
            // value's own seal: clients reach this map by name too, and a record the server did not sign counts for
            // nothing.
            lastPut.set(key, SnapshotCodec.peekSeal(value).encode());
            map.put(namespace, value);
            return true;
        } finally {
            lastPut.unlock(key);
        }
    }

    /**
     * Takes the namespace's lock. A member holds it for one put; a holder that keeps it longer than {@link #LOCK_WAIT}
     * is stalled or is not a member (any client can lock a key of this map), and loses it: the order may then be broken
     * for that one put, which the next write or repair heals, but publication never stops.
     */
    private static void lock(IMap<PartitionAwareKey<String, String>, String> lastPut,
            PartitionAwareKey<String, String> key, String namespace, String map) {
        try {
            if (lastPut.tryLock(key, LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            ServerLog.LOG.publicationLockForced(namespace, map, Durations.text(LOCK_WAIT));
            lastPut.forceUnlock(key);
            if (!lastPut.tryLock(key, LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("The publication of namespace '" + namespace + "' in " + map
                        + " was locked again at once for more than " + LOCK_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to publish namespace '" + namespace + "'", e);
        }
    }

    /**
     * The version a record or this member's replica of the value says was put, if a server key signed it: a stranger's
     * record or value claiming a far-ahead version must not keep the server from publishing. Only the seal's signature
     * is checked, not the entries' hash: it proves the server published that version, which is all the order needs.
     *
     * @param record a record of this map (a seal alone), or else an encoded value
     */
    private Version signedVersion(String text, boolean record) {
        if (text == null) {
            return null;
        }
        try {
            Seal seal = record ? Seal.decode(text) : SnapshotCodec.peekSeal(text);
            return keys.trust().verifies(seal) ? seal.version() : null;
        } catch (SnapshotFormatException e) {
            return null; // not a value anyone should keep
        }
    }

    /**
     * The version last put: the later of the record and this member's replica of the value. The record may be gone (the
     * members that held it and its backup left at once) or behind (a member alone puts without it).
     */
    private static Version later(Version fromRecord, Version fromReplica) {
        if (fromRecord == null || fromReplica == null) {
            return fromRecord != null ? fromRecord : fromReplica;
        }
        return Version.later(fromRecord, fromReplica);
    }
}
