package io.liveconfig.server.publish;

import java.lang.ref.WeakReference;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.protocol.Version;
import io.liveconfig.server.core.ServerLog;

/**
 * What the cluster holds and has seen of each namespace, read from this member's local replicas: the versions in the
 * snapshot and change maps (from their first fields, never their entries) and the versions apps report applying. Never
 * writes.
 */
@ApplicationScoped
public class ClusterView {

    private static final Logger LOG = Logger.getLogger(ClusterView.class);

    private final ClusterMember member;
    /**
     * The version last read from each map value, by map and namespace, with the value it was read from: a member's
     * replica hands back the same string until the value changes, so an unchanged value is recognised by identity and
     * not parsed again. A repair over many namespaces that are all current then parses nothing.
     */
    private final Map<String, Map<String, Peeked>> peeked = new ConcurrentHashMap<>();

    /** Weakly: a large snapshot the map has replaced is not kept alive here. */
    private record Peeked(WeakReference<String> encoded, Version version) {
    }

    ClusterView(ClusterMember member) {
        this.member = member;
    }

    /**
     * The versions the maps hold for a namespace.
     *
     * @param whole the whole snapshot's, or {@code null} if the map lacks a readable one
     * @param change the latest change's, or {@code null} likewise
     */
    public record Held(Version whole, Version change) {

        /** Whether both maps hold at least the given version: nothing to publish again. */
        public boolean holds(Version truth) {
            return whole != null && !truth.supersedes(whole) && change != null && !truth.supersedes(change);
        }

        /** The later of the two, or {@code null} if neither is readable. */
        Version latest() {
            return whole == null ? change : change == null ? whole : Version.later(whole, change);
        }
    }

    /** What the maps hold, per namespace that either map has. */
    public Map<String, Held> held() {
        Map<String, Version> wholes = versions(MapReads.entries(member.snapshots()), "the snapshot map");
        Map<String, Version> changes = versions(MapReads.entries(member.changes()), "the change map");
        Map<String, Held> held = new HashMap<>();
        wholes.forEach((namespace, version) -> held.put(namespace, new Held(version, changes.get(namespace))));
        changes.forEach((namespace, version) -> held.putIfAbsent(namespace, new Held(null, version)));
        return held;
    }

    /** What the maps hold of one namespace. */
    public Held held(String namespace) {
        return new Held(version(namespace, MapReads.get(member.snapshots(), namespace), "the snapshot map"),
                version(namespace, MapReads.get(member.changes(), namespace), "the change map"));
    }

    /**
     * The latest version of each namespace that the cluster has seen: what the maps hold, or a later one that an app
     * reports having applied (after a full cluster restart the maps start empty, but apps remember). Reports come from
     * an unauthenticated port, so an epoch more than {@link Version#MAX_EPOCH_LEAD} above the one the maps hold is not
     * believed.
     */
    public Map<String, Version> seen(Map<String, Held> held) {
        Map<String, Version> seen = new HashMap<>();
        held.forEach((namespace, versions) -> {
            if (versions.latest() != null) {
                seen.put(namespace, versions.latest());
            }
        });
        Collection<String> reports = MapReads.entries(member.instanceReports()).values();
        reports.forEach(encoded -> readable(encoded).ifPresent(report -> report.revisions()
                .forEach((namespace, revision) -> {
                    long epoch = report.epoch(namespace);
                    Version ours = seen.get(namespace);
                    if (epoch >= 0 && revision >= 0
                            && epoch <= (ours == null ? 0 : ours.epoch()) + Version.MAX_EPOCH_LEAD) {
                        seen.merge(namespace, new Version(epoch, revision), Version::later);
                    }
                })));
        return seen;
    }

    /**
     * Whether an app reports a later state of some namespace than the cluster's latest change: apps learn of revisions
     * only through that map, so only a database restored from a backup (or a cluster restarted empty) explains it, and
     * a repair should look. Cheap (one small value per namespace), for every report that arrives.
     */
    public boolean isBehind(String encodedReport) {
        Optional<InstanceReport> readable = readable(encodedReport);
        if (readable.isEmpty()) {
            return false;
        }
        InstanceReport report = readable.get();
        for (Map.Entry<String, Long> revision : report.revisions().entrySet()) {
            Version latest = version(revision.getKey(), MapReads.get(member.changes(), revision.getKey()),
                    "the change map");
            long epoch = report.epoch(revision.getKey());
            if (latest != null && epoch <= latest.epoch() + Version.MAX_EPOCH_LEAD
                    && Version.supersedes(epoch, revision.getValue(), latest.epoch(), latest.revision())) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Version> versions(Map<String, String> entries, String where) {
        Map<String, Version> versions = new HashMap<>();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            Version version = version(entry.getKey(), entry.getValue(), where);
            if (version != null) {
                versions.put(entry.getKey(), version);
            }
        }
        return versions;
    }

    private Version version(String namespace, String encoded, String where) {
        if (encoded == null) {
            return null;
        }
        Map<String, Peeked> ofMap = peeked.computeIfAbsent(where, map -> new ConcurrentHashMap<>());
        Peeked last = ofMap.get(namespace);
        if (last != null && last.encoded().get() == encoded) {
            return last.version();
        }
        try {
            Version version = SnapshotCodec.peekVersion(encoded);
            ofMap.put(namespace, new Peeked(new WeakReference<>(encoded), version));
            return version;
        } catch (SnapshotFormatException e) {
            ServerLog.LOG.unreadableInMap(where, namespace, e.getMessage());
            return null;
        }
    }

    /** A report, if it is one: the map is written by anyone who reaches the client port. */
    public static Optional<InstanceReport> readable(String encoded) {
        try {
            return Optional.of(InstanceReport.decode(encoded));
        } catch (SnapshotFormatException e) {
            LOG.debugf("Ignoring an unreadable instance report: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
