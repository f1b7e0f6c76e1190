package io.liveconfig.source;

import java.lang.invoke.MethodHandles;
import java.util.List;

import org.jboss.logging.Messages;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageBundle;

/** The source's numbered exception texts; their codes share the range of {@link SourceLogging}. */
@MessageBundle(projectCode = "LIVECONFIG-", length = 4)
interface SourceMessages {

    SourceMessages MESSAGES = Messages.getBundle(MethodHandles.lookup(), SourceMessages.class);

    /** The text of the exception that stops start-up, and the start of the warning when start-up goes on. */
    @Message(id = 3, value = "Could not reach LiveConfig cluster '%s' at %s within %s")
    String clusterUnreachable(String cluster, List<String> addresses, String timeout);

    @Message(id = 5, value = "No signing key is trusted: set trust.public-keys to the server's public key (GET "
            + "/api/v1/signing-keys on the server, or its log line LIVECONFIG-0211), or trust.insecure=true to apply "
            + "whatever anyone who reaches the cluster port publishes")
    String noTrustedKey();
}
