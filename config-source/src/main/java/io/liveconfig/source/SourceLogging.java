package io.liveconfig.source;

import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * The source's numbered log messages, LIVECONFIG-0001 to 0199 (see {@code message-ranges.txt}); docs/messages.md says
 * what each means. Lines without a number are debug lines, logged through the {@link BasicLogger} methods.
 */
@MessageLogger(projectCode = "LIVECONFIG-", length = 4)
interface SourceLogging extends BasicLogger {

    /**
     * The messages under a class's category. The parts of the source log under {@link LiveConfigSource}'s, where these
     * lines have always been, so that log levels set for it keep applying.
     */
    static SourceLogging of(Class<?> category) {
        return Logger.getMessageLogger(MethodHandles.lookup(), SourceLogging.class, category.getName());
    }

    // The connection to the cluster (HazelcastSnapshotGateway)

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 1, value = "Reconnected to cluster '%s'; re-reading namespaces %s")
    void reconnected(String cluster, List<String> namespaces);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 2, value = "Lost the connection to cluster '%s'; serving the values held until it is back")
    void disconnected(String cluster);

    /** Carries its code in the text: {@link SourceMessages#clusterUnreachable}, as the start-up policy is to go on. */
    @LogMessage(level = Logger.Level.WARN)
    @Message(id = Message.NONE, value = "%s; starting from the last-known-good snapshots and connecting in the background")
    void startingWithoutCluster(String unreachable);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 4, value = "Connected to cluster '%s'")
    void connected(String cluster);

    // The source: applying snapshots, saved copies, listeners

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 102, value = "Rejected a published value of namespace '%s', keeping the values held: %s")
    void rejected(String namespace, String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 103, value = "Serving live values from the cluster, namespaces %s")
    void servingLiveValues(List<String> namespaces);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 104, value = "Starting from the saved snapshots in %s (revisions %s) until the cluster answers")
    void startingFromSavedCopies(Path directory, Map<String, Long> revisions);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 105, value = "A change listener failed on namespace '%s' revision %d")
    void listenerFailed(@Cause Throwable cause, String namespace, long revision);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 106, value = "Re-reading the cluster brought namespace '%s' from revision %d to %d: change events "
            + "were missed")
    void caughtUp(String namespace, long from, long to);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 107, value = "The server restored namespace '%s' to an earlier history: its revision %d (epoch %d) "
            + "replaces revision %d (epoch %d)")
    void restoredHistory(String namespace, long revision, long epoch, long heldRevision, long heldEpoch);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 111, value = "Could not save namespace '%s' revision %d to %s: %s")
    void saveFailed(String namespace, long revision, Path file, String reason);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 115, value = "Refused a publication of namespace '%2$s' that the server did not sign, keeping the "
            + "values held (%1$d refused since the last such line): %3$s")
    void untrusted(long count, String namespace, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 116, value = "Accepting publications without checking their signatures (trust.insecure=true): anyone "
            + "who reaches the cluster port can change this app's values")
    void insecureTrust();

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 112, value = "Ignoring the saved snapshot %s of namespace '%s': %s")
    void savedCopyIgnored(Path file, String namespace, String reason);
}
