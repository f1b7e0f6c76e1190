package io.liveconfig.server.publish;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.protocol.Version;
import io.liveconfig.server.schema.Schema;

/**
 * Puts committed snapshots into the replicated map {@link Snapshot#MAP_NAME}, newest revision only, and what changed
 * into {@link SnapshotChange#MAP_NAME}, which apps listen to.
 * <p>
 * Two writes to one namespace commit in order but may reach this class out of order; the map has no compare-and-set, so
 * this member remembers what it published and never overwrites a snapshot with one it does not supersede.
 */
@ApplicationScoped
public class SnapshotPublisher {

    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

    private final ClusterMember member;
    private final SecretSealer sealer;
    /** What this member published last per namespace, entries left out. */
    private final ConcurrentHashMap<String, Snapshot> published = new ConcurrentHashMap<>();

    SnapshotPublisher(ClusterMember member, SecretSealer sealer) {
        this.member = member;
        this.sealer = sealer;
    }

    /**
     * What a write changed, so that apps receive the step rather than the whole namespace.
     *
     * @param baseRevision the revision the write started from
     * @param puts keys set, with their values in clear (secrets are sealed here)
     * @param removes keys removed
     */
    public record Step(long baseRevision, Map<String, String> puts, Set<String> removes) {
    }

    /**
     * Publishes a committed snapshot, its secret values encrypted, unless a newer one of its namespace was published
     * already, with the change apps listen to: the step when one is given, else a whole change. Never throws: the
     * change is committed whatever happens here, and the next publication of the namespace repairs a failed one.
     *
     * @param step what the write changed, or {@code null} when apps must read the whole snapshot
     */
    public void publish(Snapshot snapshot, Schema schema, Step step) {
        publish(snapshot, schema, false, step);
    }

    /**
     * Publishes a snapshot from the database again if the map lacks it or holds one it supersedes: heals what a
     * restart, a lost member or a split brain did to the map.
     *
     * @return whether it had to be published
     */
    public boolean repair(Snapshot snapshot, Schema schema) {
        Optional<Snapshot> held = readable(snapshot.namespace(), member.snapshots().get(snapshot.namespace()),
                "the map");
        Optional<SnapshotChange> change = readableChange(snapshot.namespace(),
                member.changes().get(snapshot.namespace()));
        boolean snapshotCurrent = held.isPresent() && !snapshot.supersedes(held.get());
        boolean changeCurrent = change.isPresent() && !bare(snapshot).supersedes(asSnapshot(change.get()));
        if (snapshotCurrent && changeCurrent) {
            return false;
        }
        publish(snapshot, schema, true, null);
        return true;
    }

    /**
     * The latest state of each namespace that the cluster has seen: the snapshot in the map, or a higher epoch and
     * revision that an app instance reports having applied (after a full cluster restart the map starts empty, but apps
     * remember). Entries are left out. Reports come from an unauthenticated port, so an epoch far above the one
     * published is ignored rather than believed.
     */
    public Map<String, Snapshot> seenInCluster() {
        Map<String, Snapshot> seen = new HashMap<>();
        member.snapshots().forEach((namespace, encoded) -> readable(namespace, encoded, "the map")
                .ifPresent(snapshot -> seen.merge(namespace, snapshot, SnapshotPublisher::later)));
        member.changes().forEach((namespace, encoded) -> readableChange(namespace, encoded)
                .ifPresent(change -> seen.merge(namespace, asSnapshot(change), SnapshotPublisher::later)));
        member.instanceReports().forEach((instance, encoded) -> {
            try {
                InstanceReport report = InstanceReport.decode(encoded);
                report.revisions().forEach((namespace, revision) -> {
                    long epoch = report.epoch(namespace);
                    Snapshot ours = published.get(namespace);
                    if (epoch >= 0 && revision >= 0 && epoch <= (ours == null ? 0 : ours.epoch()) + MAX_EPOCH_LEAD) {
                        seen.merge(namespace, Snapshot.of(namespace, revision, Map.of()).withEpoch(epoch),
                                SnapshotPublisher::later);
                    }
                });
            } catch (SnapshotFormatException e) {
                LOG.debugf("Ignoring an unreadable instance report: %s", e.getMessage());
            }
        });
        return seen;
    }

    /**
     * Whether an app reports a later state of some namespace than the cluster's latest change: apps learn of revisions
     * only through that map, so only a database restored from a backup (or a cluster restarted empty) explains it, and
     * a repair should look. A cheap check (one small value per namespace), for every report that arrives; any server
     * member, whichever published, sees the same map.
     */
    public boolean isBehind(InstanceReport report) {
        for (Map.Entry<String, Long> revision : report.revisions().entrySet()) {
            Optional<SnapshotChange> latest = readableChange(revision.getKey(),
                    member.changes().get(revision.getKey()));
            long epoch = report.epoch(revision.getKey());
            if (latest.isPresent() && epoch <= latest.get().epoch() + MAX_EPOCH_LEAD
                    && Version.supersedes(epoch, revision.getValue(), latest.get().epoch(),
                            latest.get().revision())) {
                return true;
            }
        }
        return false;
    }

    /** Restores beyond this many epochs ahead of what a member published are not believed from an instance report. */
    public static final long MAX_EPOCH_LEAD = 1_000;

    private static Snapshot later(Snapshot a, Snapshot b) {
        return b.supersedes(a) ? b : a;
    }

    private static Snapshot bare(Snapshot snapshot) {
        return snapshot.withEntries(Map.of());
    }

    /** A change's namespace, epoch and revision, as a snapshot without entries, to compare with others. */
    private static Snapshot asSnapshot(SnapshotChange change) {
        return Snapshot.of(change.namespace(), change.revision(), Map.of()).withEpoch(change.epoch());
    }

    private static Optional<SnapshotChange> readableChange(String namespace, String encoded) {
        if (encoded == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnapshotCodec.decodeChange(encoded));
        } catch (SnapshotFormatException e) {
            LOG.warnf("LIVECONFIG-0206 the change map held an unreadable value of namespace '%s': %s", namespace,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Snapshot> readable(String namespace, String encoded, String where) {
        if (encoded == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnapshotCodec.peek(encoded)); // comparing versions: a whole decode costs a large one
        } catch (SnapshotFormatException e) {
            LOG.warnf("LIVECONFIG-0206 %s held an unreadable value of namespace '%s': %s", where, namespace,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private void publish(Snapshot snapshot, Schema schema, boolean force, Step step) {
        String change;
        try {
            change = SnapshotCodec.encodeChange(step == null
                    ? SnapshotChange.whole(snapshot)
                    : SnapshotChange.step(snapshot, step.baseRevision(), sealer.seal(step.puts(), schema),
                            step.removes()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "LIVECONFIG-0205 Could not seal namespace '%s' revision %d; not published",
                    snapshot.namespace(), snapshot.revision());
            return;
        }
        Snapshot bare = bare(snapshot);
        try {
            published.compute(snapshot.namespace(), (namespace, last) -> {
                // A repair may race a newer commit's publication: never go below what this member published.
                if (last != null && (force ? last.supersedes(bare) : !bare.supersedes(last))) {
                    return last;
                }
                if (step != null) {
                    // Apps need only the step: it goes out now, the whole snapshot (sealing and encoding every
                    // entry) follows on another thread, the latest of a burst only.
                    member.changes().put(namespace, change);
                    if (pendingWholes.put(namespace, new Pending(snapshot, schema)) == null) {
                        long delay = snapshot.entries().size() >= LARGE_NAMESPACE
                                ? LARGE_WHOLE_DELAY_MILLIS
                                : WHOLE_DELAY_MILLIS;
                        wholes.schedule(() -> publishPendingWhole(namespace), delay, TimeUnit.MILLISECONDS);
                    }
                } else {
                    // Apps read the whole snapshot when they see this change: it must be there first.
                    putWhole(snapshot, schema, force);
                    member.changes().put(namespace, change);
                }
                return bare;
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "LIVECONFIG-0202 Could not publish namespace '%s' revision %d; it is committed and will be "
                    + "published again", snapshot.namespace(), snapshot.revision());
        }
    }

    /** A whole snapshot waiting to be published after its step. */
    private record Pending(Snapshot snapshot, Schema schema) {
    }

    /**
     * Whole snapshots follow their step a little later, the latest of a burst only, so that encoding them does not
     * compete for the CPU with the step reaching apps; those of namespaces this large at most once a second, as
     * encoding costs about 2 µs per key (0.2 s at 100,000 keys). Apps that need the whole snapshot (after a gap) wait
     * for it (see the source's whole reads).
     */
    static final int LARGE_NAMESPACE = 10_000;
    static final long WHOLE_DELAY_MILLIS = 50;
    static final long LARGE_WHOLE_DELAY_MILLIS = 1_000;

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
            LOG.errorf(e, "LIVECONFIG-0202 Could not publish namespace '%s' revision %d; it is committed and will be "
                    + "published again", namespace, pending.snapshot().revision());
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
            Optional<Snapshot> held = readable(namespace, member.snapshots().get(namespace), "the map");
            if (!force && held.isPresent() && held.get().supersedes(bare)) {
                return last;
            }
            member.snapshots().put(namespace, SnapshotCodec.encode(sealer.seal(snapshot, schema)));
            return bare;
        });
    }

    @PreDestroy
    void stop() {
        wholes.shutdown(); // what is pending is committed: the next start publishes it from the database
    }
}
