package io.liveconfig.server.write;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.server.store.NamespaceStore;
import io.liveconfig.server.store.RevisionStore;

/**
 * The content of each namespace as last committed by a write of this member, so that a write to a large namespace does
 * not read every entry again under the namespace's lock. Used only when its epoch and revision are the ones the locked
 * row had before the write and the database recorded that revision at the same time (a restored backup may reuse
 * revision numbers, a restore raises the epoch); otherwise (another server member wrote, nothing is cached) the
 * database answers.
 */
@ApplicationScoped
class CommittedContent {

    /** Content committed, with when its revision was recorded. */
    private record Entry(Snapshot snapshot, Instant recordedAt) {
    }

    private final ConcurrentHashMap<String, Entry> committed = new ConcurrentHashMap<>();
    private final NamespaceStore namespaces;
    private final RevisionStore revisions;

    CommittedContent(NamespaceStore namespaces, RevisionStore revisions) {
        this.namespaces = namespaces;
        this.revisions = revisions;
    }

    /** The entries at the locked row's epoch and revision; call with the row lock held. */
    Map<String, String> at(String namespace, long epoch, long revision) throws SQLException {
        Entry cached = committed.get(namespace);
        if (cached != null && cached.snapshot().epoch() == epoch && cached.snapshot().revision() == revision
                && revisions.recordedAt(namespace, revision).filter(cached.recordedAt()::equals).isPresent()) {
            return cached.snapshot().entries();
        }
        return namespaces.entries(namespace);
    }

    /** Remembers a change's content after commit. */
    void remember(Snapshot snapshot, Instant recordedAt) {
        committed.put(snapshot.namespace(), new Entry(snapshot, recordedAt));
    }

    /** Forgets a namespace whose content changed otherwise (created, deleted). */
    void forget(String namespace) {
        committed.remove(namespace);
    }
}
