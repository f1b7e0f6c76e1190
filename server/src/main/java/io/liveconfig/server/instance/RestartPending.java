package io.liveconfig.server.instance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.protocol.FixedKeys;
import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.Version;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.read.NamespaceReader;
import io.liveconfig.server.revision.RevisionService;
import io.liveconfig.server.revision.RevisionViews;
import io.liveconfig.server.store.NamespaceStore;
import io.liveconfig.server.store.Transactions;

/**
 * Which changes of a namespace an instance applies only when it restarts: the keys it reports as read once (plain
 * injected fields, config mappings) whose value differs between the version it took them at and the current revision,
 * as the kept history tells. Where the history cannot tell (pruned by retention, restored from a backup, a report that
 * does not say), the answer says so rather than guess.
 * <p>
 * Reports come from anyone on the cluster port: one answer compares at most {@value #MAX_COMPARED} start-up revisions
 * and lists at most {@value #MAX_LISTED} keys per instance.
 */
@ApplicationScoped
class RestartPending {

    static final int MAX_COMPARED = 4;
    static final int MAX_LISTED = 100;

    /**
     * @param keys the keys that wait for a restart, sorted, at most {@value #MAX_LISTED}
     * @param note why they are unknown, or that the list is cut; {@code null} when the list is whole
     */
    record Pending(List<String> keys, String note) {

        static Pending unknown(String why) {
            return new Pending(List.of(), "unknown: " + why);
        }
    }

    private final NamespaceStore store;
    private final NamespaceReader namespaces;
    private final RevisionService revisions;

    RestartPending(NamespaceStore store, NamespaceReader namespaces, RevisionService revisions) {
        this.store = store;
        this.namespaces = namespaces;
        this.revisions = revisions;
    }

    /** Starts one answer about a namespace: what it compares is kept for the instances after. */
    Comparison of(String namespace) {
        return new Comparison(namespace);
    }

    /** One answer's comparisons, each start-up revision's changed keys read once; not thread-safe. */
    final class Comparison {

        private final String namespace;
        private final NamespaceStore.Row current;
        private final Map<Long, Changed> changedSince = new HashMap<>();
        /** Diffs to the current revision, its content read at the first; {@code null} before. */
        private RevisionService.DiffsTo diffs;

        private Comparison(String namespace) {
            this.namespace = namespace;
            this.current = Transactions.read(() -> store.find(namespace)).orElseThrow(
                    () -> Refusal.namespaceNotFound(namespace));
        }

        Pending of(InstanceReport report) {
            FixedKeys fixed = report.fixed();
            if (fixed == null) {
                return Pending.unknown("the instance does not report which keys it applies only when it restarts");
            }
            if (!fixed.complete()) {
                return Pending.unknown("the instance reads more keys only at start-up than its report can carry");
            }
            Version since = fixed.since().get(namespace);
            if (since == null) {
                return Pending.unknown("the instance does not report which revision it started with");
            }
            // Revision 0 (it held nothing) is in every epoch's history.
            if (since.revision() != 0
                    && (since.epoch() != current.epoch() || since.revision() > current.revision())) {
                return Pending.unknown("the instance started with revision " + since.revision() + " of epoch "
                        + since.epoch() + ", not in the history of epoch " + current.epoch() + " up to revision "
                        + current.revision() + " (a restored backup)");
            }
            Changed changed = changedSince(since.revision());
            if (changed.unknown() != null) {
                return Pending.unknown(changed.unknown());
            }
            List<String> pending = changed.keys().stream().filter(fixed::isFixed).sorted().toList();
            return pending.size() <= MAX_LISTED
                    ? new Pending(pending, null)
                    : new Pending(pending.subList(0, MAX_LISTED), "the first " + MAX_LISTED + " of " + pending.size()
                            + " keys");
        }

        /** The keys changed since a revision, or why they are unknown. */
        private Changed changedSince(long since) {
            Changed known = changedSince.get(since);
            if (known != null) {
                return known;
            }
            if (changedSince.size() >= MAX_COMPARED) {
                return new Changed(Set.of(), "more instances started with different revisions than one answer "
                        + "compares (" + MAX_COMPARED + ")");
            }
            Changed changed;
            if (since == current.revision()) {
                changed = new Changed(Set.of(), null);
            } else if (since == 0) { // it held nothing of the namespace: every key it has now is news
                changed = new Changed(Set.copyOf(namespaces.current(namespace).entries().keySet()), null);
            } else {
                try {
                    if (diffs == null) {
                        diffs = revisions.diffsTo(namespace, current.revision());
                    }
                    changed = new Changed(diffs.from(since).changes().stream()
                            .map(RevisionViews.KeyChange::key)
                            .collect(Collectors.toUnmodifiableSet()), null);
                } catch (Refusal refusal) { // pruned by retention, or a revision that never was
                    changed = new Changed(Set.of(), refusal.getMessage());
                }
            }
            changedSince.put(since, changed);
            return changed;
        }
    }

    /**
     * @param keys the keys whose value changed
     * @param unknown why they are unknown, or {@code null}
     */
    private record Changed(Set<String> keys, String unknown) {
    }
}
