package io.liveconfig.server.publish;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.liveconfig.server.schema.Schema;
import io.liveconfig.snapshot.Snapshot;
import io.liveconfig.snapshot.SnapshotCodec;
import io.liveconfig.snapshot.SnapshotFormatException;

/**
 * Puts committed snapshots into the replicated map, newest revision only.
 * <p>
 * Two writes to one namespace commit in order but may reach this class out of order; the map has no compare-and-set, so
 * this member remembers what it published and never overwrites a newer revision with an older one.
 */
@ApplicationScoped
public class SnapshotPublisher {

    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

    private final ClusterMember member;
    private final SecretSealer sealer;
    private final ConcurrentHashMap<String, Long> publishedRevisions = new ConcurrentHashMap<>();

    SnapshotPublisher(ClusterMember member, SecretSealer sealer) {
        this.member = member;
        this.sealer = sealer;
    }

    /**
     * Publishes a committed snapshot, its secret values encrypted, unless a newer one of its namespace was published
     * already. Never throws: the change is committed whatever happens here, and the next publication of the namespace
     * repairs a failed one.
     */
    public void publish(Snapshot snapshot, Schema schema) {
        publish(snapshot, schema, false);
    }

    /**
     * Publishes a snapshot from the database again if the map lacks it or holds an older revision of its namespace:
     * heals what a restart, a lost member or a split brain did to the map.
     *
     * @return whether it had to be published
     */
    public boolean repair(Snapshot snapshot, Schema schema) {
        String held = member.snapshots().get(snapshot.namespace());
        long heldRevision = -1;
        if (held != null) {
            try {
                heldRevision = SnapshotCodec.decode(held).revision();
            } catch (SnapshotFormatException e) {
                LOG.warnf("LIVECONFIG-0206 The map held an unreadable value of namespace '%s': %s",
                        snapshot.namespace(), e.getMessage());
            }
        }
        if (heldRevision >= snapshot.revision()) {
            return false;
        }
        publish(snapshot, schema, true);
        return true;
    }

    private void publish(Snapshot snapshot, Schema schema, boolean force) {
        String encoded;
        try {
            encoded = SnapshotCodec.encode(sealer.seal(snapshot, schema));
        } catch (RuntimeException e) {
            LOG.errorf(e, "LIVECONFIG-0205 Could not seal namespace '%s' revision %d; not published",
                    snapshot.namespace(), snapshot.revision());
            return;
        }
        try {
            publishedRevisions.compute(snapshot.namespace(), (namespace, published) -> {
                // A repair may race a newer commit's publication: never go below what this member published.
                if (published != null && (force ? published > snapshot.revision() : published >= snapshot.revision())) {
                    return published;
                }
                member.snapshots().put(namespace, encoded);
                return snapshot.revision();
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "LIVECONFIG-0202 Could not publish namespace '%s' revision %d; it is committed and will be "
                    + "published again", snapshot.namespace(), snapshot.revision());
        }
    }
}
