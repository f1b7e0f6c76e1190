package io.liveconfig.server.core;

import org.jboss.logging.Messages;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageBundle;

/** The server's numbered failure texts, thrown rather than logged (same id space as {@link ServerLog}). */
@MessageBundle(projectCode = "LIVECONFIG-", length = 4)
public interface ServerMessages {

    ServerMessages MESSAGES = Messages.getBundle(ServerMessages.class);

    @Message(id = 204, value = "A secret value cannot be published without liveconfig.secrets.encryption-key")
    IllegalStateException noEncryptionKey();

    @Message(id = 301, value = "No database is active: set quarkus.datasource.h2.active or "
            + "quarkus.datasource.postgresql.jdbc.url")
    IllegalStateException noDatabase();
}
