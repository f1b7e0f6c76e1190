package io.liveconfig.server.publish;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.MapNames;
import io.liveconfig.protocol.Seal;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.protocol.UntrustedPublicationException;
import io.liveconfig.protocol.Version;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.signing.SigningKeys;

/**
 * What the cluster holds and has seen of each namespace, read from this member's local replicas: the versions in the
 * snapshot and change maps, and the versions apps report applying. Never writes.
 * <p>
 * Anyone who reaches the cluster port can write these maps, so only what the server's own keys signed counts: a map
 * value is decoded and verified (content hash and signature) before its version is believed, and an app's report of a
 * later revision than the maps hold counts only with a seal the server signed. Anything else is counted and, for map
 * values, published over by the next repair.
 */
@ApplicationScoped
public class ClusterView {

    private static final Logger LOG = Logger.getLogger(ClusterView.class);
    /** Log about strangers' reports at most this often. */
    private static final long REPORT_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Verified seals kept, so that many apps reporting one revision cost one verification. */
    private static final int VERIFIED_SEALS = 4_096;
    /**
     * New signature checks of report seals per look at the reports (about 0.64 ms each): a stranger's flood of reports
     * must not cost a repair more than that. Genuine claims of a later revision come only after the database lost
     * revisions, one per namespace, and are cached once checked.
     */
    static final int CHECKS_PER_LOOK = 64;

    private final ClusterMember member;
    private final SigningKeys keys;
    /**
     * What each map value was found to be, by map and namespace, with the value it was read from: a member's replica
     * hands back the same string until the value changes, so an unchanged value is recognised by identity and not
     * decoded and verified again. A repair over many namespaces that are all current then decodes nothing.
     */
    private final Map<String, Map<String, Peeked>> peeked = new ConcurrentHashMap<>();
    /**
     * Seals verified, and whether they verified: keyed by the whole seal, so that a stranger's copy of a genuine
     * signature over other fields cannot make the genuine seal look bad.
     */
    private final Map<Seal, Boolean> verifiedSeals = new ConcurrentHashMap<>();
    private final AtomicLong untrustedValues = new AtomicLong();
    private final AtomicLong untrustedReports = new AtomicLong();
    private volatile long reportLoggedAt = System.nanoTime() - REPORT_LOG_NANOS;

    /**
     * Weakly: a large snapshot the map has replaced is not kept alive here.
     *
     * @param version the version it reached, or {@code null} if it is not the server's
     * @param keyId the key that signed it
     */
    private record Peeked(WeakReference<String> encoded, Version version, String keyId) {
    }

    ClusterView(ClusterMember member, SigningKeys keys) {
        this.member = member;
        this.keys = keys;
    }

    /**
     * The versions the maps hold for a namespace.
     *
     * @param whole the whole snapshot's, or {@code null} if the map lacks one the server signed
     * @param change the latest change's, or {@code null} likewise
     * @param byActiveKey whether both are signed by the active key (after a rotation, they are published again)
     */
    public record Held(Version whole, Version change, boolean byActiveKey) {

        /** Whether both maps hold at least the given version, signed by the active key: nothing to publish again. */
        public boolean holds(Version truth) {
            return whole != null && !truth.supersedes(whole) && change != null && !truth.supersedes(change)
                    && byActiveKey;
        }

        /** The later of the two, or {@code null} if neither is the server's. */
        Version latest() {
            return whole == null ? change : change == null ? whole : Version.later(whole, change);
        }
    }

    /** What the maps hold, per namespace that either map has. */
    public Map<String, Held> held() {
        Map<String, Peeked> wholes = new HashMap<>();
        Map<String, Peeked> changes = new HashMap<>();
        for (Map.Entry<String, String> entry : MapReads.entries(member.snapshots()).entrySet()) {
            wholes.put(entry.getKey(), peek(MapNames.SNAPSHOTS, entry.getKey(), entry.getValue()));
        }
        for (Map.Entry<String, String> entry : MapReads.entries(member.changes()).entrySet()) {
            changes.put(entry.getKey(), peek(MapNames.CHANGES, entry.getKey(), entry.getValue()));
        }
        Map<String, Held> held = new HashMap<>();
        wholes.forEach((namespace, whole) -> held.put(namespace, held(whole, changes.get(namespace))));
        changes.forEach((namespace, change) -> held.computeIfAbsent(namespace, n -> held(null, change)));
        return held;
    }

    /** What the maps hold of one namespace. */
    public Held held(String namespace) {
        return held(peek(MapNames.SNAPSHOTS, namespace, MapReads.get(member.snapshots(), namespace)),
                peek(MapNames.CHANGES, namespace, MapReads.get(member.changes(), namespace)));
    }

    private Held held(Peeked whole, Peeked change) {
        String active = keys.signer().keyId();
        Version wholeVersion = whole == null ? null : whole.version();
        Version changeVersion = change == null ? null : change.version();
        boolean byActive = wholeVersion != null && changeVersion != null && active.equals(whole.keyId())
                && active.equals(change.keyId());
        return new Held(wholeVersion, changeVersion, byActive);
    }

    /**
     * The latest version of each namespace that the cluster has seen: what the maps hold, or a later one that an app
     * reports having applied (after a full cluster restart the maps start empty, but apps remember), if the report
     * carries the seal of a publication the server signed.
     */
    public Map<String, Version> seen(Map<String, Held> held) {
        Map<String, Version> seen = new HashMap<>();
        held.forEach((namespace, versions) -> {
            if (versions.latest() != null) {
                seen.put(namespace, versions.latest());
            }
        });
        int[] checks = {CHECKS_PER_LOOK};
        for (InstanceReport report : reports()) {
            report.seals().forEach((namespace, seal) -> {
                Version ours = seen.get(namespace);
                // Only news needs a signature check: a report of what the maps hold changes nothing.
                if ((ours == null || seal.version().supersedes(ours)) && signedByServer(seal, checks)) {
                    seen.put(namespace, seal.version());
                }
            });
        }
        return seen;
    }

    /**
     * Whether an app reports a later state of some namespace than the cluster's latest change, with a seal the server
     * signed: apps learn of revisions only through that map, so only a database restored from a backup (or a cluster
     * restarted empty) explains it, and a repair should look. Cheap for every report that arrives: a report of what the
     * map holds needs no signature check.
     */
    public boolean isBehind(String encodedReport) {
        Optional<InstanceReport> readable = readable(encodedReport);
        if (readable.isEmpty()) {
            return false;
        }
        int[] checks = {1}; // one new signature check per report that arrives
        for (Map.Entry<String, Seal> claim : readable.get().seals().entrySet()) {
            Peeked latest = peek(MapNames.CHANGES, claim.getKey(), MapReads.get(member.changes(), claim.getKey()));
            if (latest != null && latest.version() != null && claim.getValue().version().supersedes(latest.version())
                    && signedByServer(claim.getValue(), checks)) {
                return true;
            }
        }
        return false;
    }

    /** The reports in the map that are readable reports; anyone can write there, so they are shown, not believed. */
    public List<InstanceReport> reports() {
        List<InstanceReport> reports = new ArrayList<>();
        for (String encoded : MapReads.entries(member.instanceReports()).values()) {
            readable(encoded).ifPresent(reports::add);
        }
        return reports;
    }

    /** How many map values were found that the server did not sign. */
    public long untrustedValues() {
        return untrustedValues.get();
    }

    /** How many reports claimed a later revision with a seal the server did not sign. */
    public long untrustedReports() {
        return untrustedReports.get();
    }

    /** @param checks how many new signature checks may still be made; a claim beyond them is ignored this time */
    private boolean signedByServer(Seal seal, int[] checks) {
        if (seal.signature() == null) {
            return untrustedReport(seal, "unsigned");
        }
        Boolean known = verifiedSeals.get(seal);
        if (known == null) {
            if (checks[0] <= 0) {
                return false;
            }
            checks[0]--;
            if (verifiedSeals.size() >= VERIFIED_SEALS) {
                verifiedSeals.clear();
            }
            // The signature covers every field of the seal: a stranger cannot reuse one for another claim.
            known = keys.trust().verifies(seal);
            verifiedSeals.put(seal, known);
        }
        return known || untrustedReport(seal, "signature does not verify with the server's keys");
    }

    private boolean untrustedReport(Seal seal, String problem) {
        long count = untrustedReports.incrementAndGet();
        long now = System.nanoTime();
        if (now - reportLoggedAt >= REPORT_LOG_NANOS) {
            reportLoggedAt = now;
            ServerLog.LOG.untrustedReport(count, seal.namespace(), problem);
        }
        return false;
    }

    /** What a map value is, recognised by identity when it did not change; {@code null} for no value. */
    private Peeked peek(String map, String namespace, String encoded) {
        if (encoded == null) {
            return null;
        }
        Map<String, Peeked> ofMap = peeked.computeIfAbsent(map, m -> new ConcurrentHashMap<>());
        Peeked last = ofMap.get(namespace);
        if (last != null && last.encoded().get() == encoded) {
            return last;
        }
        Peeked found = verify(map, namespace, encoded);
        ofMap.put(namespace, found);
        return found;
    }

    private Peeked verify(String map, String namespace, String text) {
        WeakReference<String> reference = new WeakReference<>(text);
        try {
            Seal seal = map.equals(MapNames.SNAPSHOTS)
                    ? SnapshotCodec.decode(text, keys.trust()).seal()
                    : SnapshotCodec.decodeChange(text, keys.trust()).seal();
            if (!seal.namespace().equals(namespace)) {
                throw new UntrustedPublicationException("it is namespace '" + seal.namespace() + "'s");
            }
            return new Peeked(reference, seal.version(), seal.keyId());
        } catch (UntrustedPublicationException e) {
            untrustedValues.incrementAndGet();
            ServerLog.LOG.untrustedInMap(map, namespace, e.getMessage());
        } catch (SnapshotFormatException e) {
            untrustedValues.incrementAndGet();
            ServerLog.LOG.unreadableInMap(map, namespace, e.getMessage());
        }
        return new Peeked(reference, null, null);
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
