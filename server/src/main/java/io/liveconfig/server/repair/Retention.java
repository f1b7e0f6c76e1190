package io.liveconfig.server.repair;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.store.AuditStore;
import io.liveconfig.server.store.NamespaceStore;
import io.liveconfig.server.store.RevisionStore;
import io.liveconfig.server.store.Transactions;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the history and the audit log within {@code liveconfig.history.*} and {@code liveconfig.audit.retention}, in
 * small transactions so that writes never wait long: a namespace's history moves up to {@code prune-batch} revisions
 * per transaction. Every server member of a shared database may run it: pruning twice prunes nothing more.
 */
@ApplicationScoped
public class Retention {

    /** Audit events deleted per transaction. */
    private static final int AUDIT_BATCH = 1_000;

    private final NamespaceStore namespaces;
    private final RevisionStore revisions;
    private final AuditStore audit;
    private final Transactions transactions;
    private final ServerConfig.History history;
    private final ServerConfig.Audit auditConfig;

    Retention(NamespaceStore namespaces, RevisionStore revisions, AuditStore audit, Transactions transactions,
            ServerConfig config) {
        this.namespaces = namespaces;
        this.revisions = revisions;
        this.audit = audit;
        this.transactions = transactions;
        this.history = config.history();
        this.auditConfig = config.audit();
    }

    @Scheduled(every = "${liveconfig.history.prune-interval:10m}", delayed = "${liveconfig.history.prune-interval:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onTimer() {
        try {
            prune(Instant.now());
        } catch (RuntimeException e) {
            ServerLog.LOG.pruneFailed(e.toString());
        }
    }

    /**
     * Prunes what retention no longer keeps at a time.
     *
     * @return how many namespaces' histories it pruned
     */
    public synchronized int prune(Instant now) {
        int pruned = 0;
        for (String name : Transactions.read(namespaces::allNames)) {
            if (pruneHistory(name, now)) {
                pruned++;
            }
        }
        Instant auditBefore = now.minus(auditConfig.retention());
        int events = 0;
        int deleted;
        do {
            deleted = transactions.inNew(() -> audit.prune(auditBefore, AUDIT_BATCH));
            events += deleted;
        } while (deleted == AUDIT_BATCH);
        if (pruned > 0 || events > 0) {
            ServerLog.LOG.pruned(pruned, events, auditBefore);
        }
        return pruned;
    }

    /** Moves a namespace's kept history up to where retention starts it, a batch of revisions at a time. */
    private boolean pruneHistory(String name, Instant now) {
        NamespaceStore.Row row = Transactions.read(() -> namespaces.find(name)).orElse(null);
        if (row == null) {
            return false;
        }
        long keepFrom = Transactions.read(() -> revisions.keepFrom(name, row.revision(), history.keepRevisions(),
                now.minus(history.keepFor())));
        long from = Transactions.read(() -> revisions.historyFrom(name));
        boolean pruned = false;
        while (from < keepFrom) {
            long below = Math.min(keepFrom, Math.max(from, 1) + history.pruneBatch());
            pruned |= transactions.inNew(() -> revisions.prune(name, below));
            from = below;
        }
        return pruned;
    }
}
