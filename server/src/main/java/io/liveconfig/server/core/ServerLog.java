package io.liveconfig.server.core;

import java.nio.file.Path;
import java.time.Instant;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** The server's numbered log messages (ids 0200-0599, see message-ranges.txt and docs/messages.md). */
@MessageLogger(projectCode = "LIVECONFIG-", length = 4)
public interface ServerLog extends BasicLogger {

    ServerLog LOG = Logger.getMessageLogger(ServerLog.class, "io.liveconfig.server");

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 201, value = "Cluster member of '%s' listening for apps on %s:%d and for other members on %s:%d")
    void memberStarted(String cluster, String host, int port, String memberHost, int memberPort);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 202, value = "Could not publish namespace '%s' revision %d; it is committed and will be published "
            + "again")
    void notPublished(@Cause Throwable cause, String namespace, long revision);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 203, value = "Published %d namespaces from the database")
    void publishedOnStart(int count);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 205, value = "Could not seal namespace '%s' revision %d; not published")
    void notSealed(@Cause Throwable cause, String namespace, long revision);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 206, value = "%s held an unreadable value of namespace '%s': %s")
    void unreadableInMap(String map, String namespace, String problem);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 207, value = "Published %d namespaces again from the database (%s)")
    void republished(int count, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 208, value = "Could not check the published namespaces (%s): %s")
    void repairFailed(String reason, String problem);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 209, value = "Namespace '%s': the cluster had seen revision %d (epoch %d), the database holds an "
            + "earlier state (restored from a backup?); published it as revision %d, epoch %d, which apps apply")
    void historyRestored(String namespace, long seenRevision, long seenEpoch, long revision, long epoch);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 210, value = "Could not check the publication of namespace '%s'")
    void namespaceRepairFailed(@Cause Throwable cause, String namespace);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 211, value = "The cluster member of '%s' stopped while the server runs (shut down through the member "
            + "endpoint, out of memory, or it could not rejoin): nothing can be published, writes are refused with 503 "
            + "and the server reports itself neither ready nor live. Restart the server")
    void memberLost(String cluster);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 306, value = "Created store %s in %s")
    void storeCreated(String id, Path dataDir);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 307, value = "A sync of %s failed (%s): the write that waited for it is answered 500, and so is every "
            + "later write until the server is restarted")
    void syncFailed(Path file, String problem);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 311, value = "Made %s readable by the server's user only (0700 for the directory, 0600 for files): "
            + "they held the store and its keys open to other users. Check who could read them meanwhile")
    void permissionsTightened(String paths);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 312, value = "The stored schema of namespace '%s' has rules that this version refuses in a new schema "
            + "%s: they still check as before (a pattern outside RE2 on Java's engine, within the check timeout). "
            + "Replace the schema")
    void outdatedSchema(String namespace, String rules);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 309, value = "The database is a backup taken at %s: every namespace moves to a new history epoch, so "
            + "that no revision number is given to other content than it had before the restore")
    void startedOnBackup(Instant takenAt);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 310, value = "Imported the H2 store of an earlier version from %s (%d namespaces, %d revisions); the "
            + "file is kept as %s")
    void importedLegacyH2(Path from, int namespaces, int revisions, Path keptAs);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 500, value = "Unexpected error %s on %s: %s")
    void unexpected(String errorId, String path, String summary);

    @LogMessage(level = Logger.Level.DEBUG)
    @Message(id = 530, value = "The whole trace of unexpected error %s")
    void unexpectedTrace(@Cause Throwable cause, String errorId);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 501, value = "Created the initial admin token; it is in %s, readable only by its owner: "
            + "export LIVECONFIG_TOKEN=$(cat %s)")
    void initialAdminTokenWritten(String file, String sameFile);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 502, value = "Took the initial admin token from liveconfig.api.admin-token")
    void initialAdminTokenConfigured();

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 503, value = "Refused %d requests for missing, bad or insufficient credentials in the last %s "
            + "without auditing each (the audit log took %d); the latest from %s")
    void refusalsNotAudited(long dropped, String window, long audited, String address);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 504, value = "Refused a request to %s %s for its Host header '%s': not one of %s "
            + "(liveconfig.api.allowed-hosts); it may come from a web page through DNS rebinding")
    void foreignHost(String method, String path, String host, String allowed);

    // Signing (signing.SigningKeys, publish.ClusterView)

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 220, value = "Created signing key %s; apps trust it with liveconfig.trust.public-keys=%s")
    void signingKeyCreated(String id, String publicKey);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 221, value = "Signing publications with key %s (public key %s)")
    void signingWith(String id, String publicKey);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 222, value = "%s held a publication of namespace '%s' that the server did not sign (%s); it is "
            + "published again from the database")
    void untrustedInMap(String map, String namespace, String problem);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 223, value = "Ignoring instance reports whose seals the server's keys did not sign (%d so far), "
            + "the last for namespace '%s': %s")
    void untrustedReport(long count, String namespace, String problem);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 224, value = "Wrote a new key-encryption key for the signing keys to %s; give every server member "
            + "of this database the same one (liveconfig.signing.key-encryption-key)")
    void keyEncryptionKeyCreated(java.nio.file.Path file);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 226, value = "The publication of namespace '%s' in %s waited %s for a lock that another member or a "
            + "client of the cluster port held; the lock was taken by force")
    void publicationLockForced(String namespace, String map, String waited);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 330, value = "Retention pruned the history of %d namespaces below their last kept revisions and %d "
            + "audit events older than %s")
    void pruned(int namespaces, int auditEvents, Instant auditBefore);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 331, value = "Retention could not prune (%s); it tries again at its next run")
    void pruneFailed(String cause);
}
