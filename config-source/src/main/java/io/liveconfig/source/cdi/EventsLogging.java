package io.liveconfig.source.cdi;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * The CDI bridge's numbered log messages, in the source's range (see {@code message-ranges.txt}). Its own interface, so
 * that the source's messages need not be public for this package.
 */
@MessageLogger(projectCode = "LIVECONFIG-", length = 4)
interface EventsLogging extends BasicLogger {

    EventsLogging LOG = Logger.getMessageLogger(MethodHandles.lookup(), EventsLogging.class,
            LiveConfigEvents.class.getName());

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 113, value = "An observer of namespace '%s' failed")
    void namespaceObserverFailed(@Cause Throwable cause, String namespace);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 114, value = "An observer of key '%s' failed")
    void keyObserverFailed(@Cause Throwable cause, String key);
}
