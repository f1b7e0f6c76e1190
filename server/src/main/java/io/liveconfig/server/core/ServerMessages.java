package io.liveconfig.server.core;

import java.nio.file.Path;

import org.jboss.logging.Messages;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageBundle;

/** The server's numbered failure texts, thrown rather than logged (same id space as {@link ServerLog}). */
@MessageBundle(projectCode = "LIVECONFIG-", length = 4)
public interface ServerMessages {

    ServerMessages MESSAGES = Messages.getBundle(ServerMessages.class);

    @Message(id = 204, value = "A secret value cannot be published without liveconfig.secrets.encryption-key")
    IllegalStateException noEncryptionKey();

    @Message(id = 212, value = "The server's cluster member is not running, so nothing written now could be published; "
            + "nothing was changed. Write through another server, or restart this one")
    String memberDown();

    @Message(id = 225, value = "The signing keys in the database cannot be decrypted with %s: set "
            + "liveconfig.signing.key-encryption-key to the key the other server members of this database use")
    IllegalStateException signingKeysUnreadable(String source, @Cause Throwable cause);

    @Message(id = 230, value = "Both %s and %s are set: set one")
    IllegalStateException keyAndKeyFile(String setting, String fileSetting);

    @Message(id = 231, value = "Could not read %s from %s (%s): the file must exist, be readable by the server and hold "
            + "the key")
    IllegalStateException keyFileUnreadable(String setting, Path file, String problem);

    @Message(id = 301, value = "No database is active: keep the embedded default (quarkus.datasource.sqlite.active) "
            + "or set quarkus.datasource.postgresql.jdbc.url with -Dquarkus.profile=pg")
    IllegalStateException noDatabase();

    @Message(id = 302, value = "The data directory %s held store %s, but its database is now empty or missing: the "
            + "server will not serve an empty authority. Restore the database (docs/durability.md), or delete %s to "
            + "start with an empty store")
    IllegalStateException storeLost(Path dataDir, String id, Path marker);

    @Message(id = 303, value = "The embedded store %s is damaged (integrity check: %s). Restore it from a backup "
            + "(docs/durability.md)")
    IllegalStateException storeDamaged(Path file, String check);

    @Message(id = 304, value = "The database holds store %s, but the data directory %s belongs to store %s. Point the "
            + "server at that store's database, or delete %s to serve this one")
    IllegalStateException otherStore(String found, Path dataDir, String expected, Path marker);

    @Message(id = 305, value = "Could not open or migrate the store: %s")
    IllegalStateException storeNotOpened(String problem, @Cause Throwable cause);

    @Message(id = 308, value = "A sync of %s failed: the server acknowledges no write until it is restarted")
    IllegalStateException notDurable(Path file, @Cause Throwable cause);
}
