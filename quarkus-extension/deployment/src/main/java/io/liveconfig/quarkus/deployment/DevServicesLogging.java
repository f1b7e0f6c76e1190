package io.liveconfig.quarkus.deployment;

import java.lang.invoke.MethodHandles;
import java.nio.file.Path;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * Dev Services' numbered log messages, LIVECONFIG-0450 to 0499 (see {@code message-ranges.txt}); docs/messages.md says
 * what each means. Lines without a number are debug lines, logged through the {@link BasicLogger} methods.
 */
@MessageLogger(projectCode = "LIVECONFIG-", length = 4)
interface DevServicesLogging extends BasicLogger {

    DevServicesLogging LOG = Logger.getMessageLogger(MethodHandles.lookup(), DevServicesLogging.class,
            DevServicesLogging.class.getPackageName());

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 450, value = "Dev Services for LiveConfig started a server in %d ms: REST API at %s, admin token in "
            + "%s, cluster '%s' at %s")
    void started(long millis, String restUrl, Path adminTokenFile, String cluster, String address);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 451, value = "Dev Services for LiveConfig started no server: quarkus.liveconfig.devservices.server "
            + "does not say where the packaged server is")
    void noServerLocation();
}
