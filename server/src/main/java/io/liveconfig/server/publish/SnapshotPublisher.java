package io.liveconfig.server.publish;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.protocol.MapNames;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.Timings;
import io.liveconfig.protocol.Version;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.server.signing.SigningKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Puts committed snapshots into the replicated map {@value MapNames#SNAPSHOTS}, newest revision only, and what changed
 * into {@value MapNames#CHANGES}, which apps listen to.
 * <p>
 * Two writes to one namespace commit in order but may reach this class out of order, on this member or on two; the map
 * has no compare-and-set. This member remembers what it published, and skips at once a snapshot that does not supersede
 * it; per namespace, its publications are serialized by {@link ConcurrentHashMap#compute} on what it published. Across
 * members, {@link PublicationOrder} puts into each map in version order.
 */
@ApplicationScoped
public class SnapshotPublisher {

    private final ClusterMember member;
    private final ClusterView cluster;
    private final SecretSealer sealer;
    private final PublicationOrder order;
    private final SigningKeys keys;
    /** What this member published last per namespace, entries left out. */
    private final ConcurrentHashMap<String, Snapshot> published = new ConcurrentHashMap<>();

    /** From a commit being durable to its change being put in {@value MapNames#CHANGES}, by the change's form. */
    private final Timer stepLatency;
    private final Timer wholeLatency;

    SnapshotPublisher(ClusterMember member, ClusterView cluster, SecretSealer sealer, PublicationOrder order,
            SigningKeys keys, MeterRegistry registry) {
        this.stepLatency = latency(registry, "step");
        this.wholeLatency = latency(registry, "whole");
        this.member = member;
        this.cluster = cluster;
        this.sealer = sealer;
        this.order = order;
        this.keys = keys;
    }

    /** Whether publications can reach the cluster now: the member runs and the cluster takes writes. */
    public boolean canPublish() {
        return member.canPublish();
    }

    /**
     * Publishes a committed snapshot, its secret values encrypted, signed by the active key, unless a newer one of its
     * namespace was published already, with the change apps listen to: the step when one is given, else a whole change.
     * Never throws: the change is committed whatever happens here, and the next publication of the namespace repairs a
     * failed one.
     *
     * @param step what the write changed, or {@code null} when apps must read the whole snapshot
     */
    public void publish(Snapshot snapshot, Schema schema, Step step) {
        long start = System.nanoTime();
        if (publish(snapshot, schema, false, step)) {
            (step == null ? wholeLatency : stepLatency).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Publishes a snapshot from the database again if the map lacks it or holds one it supersedes: heals what a
     * restart, a lost member or a split brain did to the map.
     *
     * @return whether this member published it: not held already, and neither superseded nor failed
     */
    public boolean repair(Snapshot snapshot, Schema schema) {
        if (cluster.held(snapshot.namespace()).holds(snapshot.version())) {
            return false;
        }
        return publish(snapshot, schema, true, null);
    }

    /** @return whether this member put the change (not skipped as superseded, not failed) */
    private boolean publish(Snapshot snapshot, Schema schema, boolean force, Step step) {
        String change;
        try {
            change = SnapshotCodec.encodeChange(step == null
                    ? SnapshotChange.whole(snapshot)
                    : SnapshotChange.step(snapshot, step.baseRevision(),
                            sealer.sealWritten(snapshot.namespace(), step.puts(), schema), step.removes()),
                    keys.signer());
        } catch (RuntimeException e) {
            ServerLog.LOG.notSealed(e, snapshot.namespace(), snapshot.revision());
            return false;
        }
        Snapshot bare = bare(snapshot);
        try {
            return bare == published.compute(snapshot.namespace(), (namespace, last) -> {
                // A repair may race a newer commit's publication: never go below what this member published.
                if (last != null && (force ? last.supersedes(bare) : !bare.supersedes(last))) {
                    return last;
                }
                if (step != null) {
                    // Apps need only the step: it goes out now, the whole snapshot (sealing and encoding every
                    // entry) follows on another thread, the latest of a burst only.
                    order.put(member.changes(), namespace, snapshot.version(), change);
                    if (pendingWholes.put(namespace, new Pending(snapshot, schema)) == null) {
                        long delay = (snapshot.entries().size() >= Timings.LARGE_NAMESPACE_KEYS
                                ? Timings.LARGE_WHOLE_SNAPSHOT_DELAY
                                : Timings.WHOLE_SNAPSHOT_DELAY).toMillis();
                        wholes.schedule(() -> publishPendingWhole(namespace), delay, TimeUnit.MILLISECONDS);
                    }
                } else {
                    // Apps read the whole snapshot when they see this change: it must be there first.
                    putWhole(snapshot, schema, force);
                    order.put(member.changes(), namespace, snapshot.version(), change);
                }
                return bare;
            });
        } catch (RuntimeException e) {
            ServerLog.LOG.notPublished(e, snapshot.namespace(), snapshot.revision());
            return false;
        }
    }

    /** A whole snapshot waiting to be published after its step. */
    private record Pending(Snapshot snapshot, Schema schema) {
    }

    /** The whole snapshot waiting per namespace; present while a publication of it is scheduled. */
    private final ConcurrentHashMap<String, Pending> pendingWholes = new ConcurrentHashMap<>();
    /** Publishes whole snapshots after their steps, so that a write is not held up by the size of its namespace. */
    private final ScheduledExecutorService wholes = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "liveconfig-publish");
        thread.setDaemon(true);
        return thread;
    });
    /** The whole snapshot this member put last per namespace, entries left out. */
    private final ConcurrentHashMap<String, Snapshot> wholePublished = new ConcurrentHashMap<>();

    private void publishPendingWhole(String namespace) {
        Pending pending = pendingWholes.remove(namespace);
        if (pending == null) {
            return; // a later task of the burst took it
        }
        try {
            putWhole(pending.snapshot(), pending.schema(), false);
        } catch (RuntimeException e) {
            ServerLog.LOG.notPublished(e, namespace, pending.snapshot().revision());
        }
    }

    /** Seals, encodes and puts a whole snapshot, unless this member already put a later one. */
    private void putWhole(Snapshot snapshot, Schema schema, boolean force) {
        Snapshot bare = bare(snapshot);
        wholePublished.compute(snapshot.namespace(), (namespace, last) -> {
            if (last != null && (force ? last.supersedes(bare) : !bare.supersedes(last))) {
                return last;
            }
            // Another server member may have put a later one meanwhile: a delayed whole snapshot never replaces it.
            Version held = cluster.held(namespace).whole();
            if (!force && held != null && held.supersedes(bare.version())) {
                return last;
            }
            return order.put(member.snapshots(), namespace, bare.version(),
                    SnapshotCodec.encode(sealer.seal(snapshot, schema), keys.signer())) ? bare : last;
        });
    }

    private static Timer latency(MeterRegistry registry, String change) {
        return Timer.builder("liveconfig.publication.latency")
                .description("Time from a commit being durable to its change being put in the map apps listen to; "
                        + "a step's whole snapshot follows later")
                .tag("change", change)
                .register(registry);
    }

    private static Snapshot bare(Snapshot snapshot) {
        return snapshot.withEntries(Map.of());
    }

    @PreDestroy
    void stop() {
        wholes.shutdown(); // what is pending is committed: the next start publishes it from the database
    }
}
