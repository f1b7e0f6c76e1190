package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.liveconfig.testing.ServerProcess;

/**
 * The server never serves an empty or damaged authority in place of the store its data directory held: it refuses to
 * start, says why, and starts again once the store is back.
 */
@ExtendWith(SharedServer.class)
class StoreGuardTest {

    private static ServerProcess server;

    @BeforeAll
    static void useSharedServer(ServerProcess shared) {
        server = shared;
    }

    @Test
    void refusesToStartOnAnEmptyOrDamagedStoreAndStartsOnceItIsBack() throws Exception {
        assertEquals(201, server.send("POST", "/api/v1/namespaces", "{\"name\":\"guarded\"}").statusCode());
        assertEquals(200, server.send("PUT", "/api/v1/namespaces/guarded/entries/a", "{\"value\":\"kept\"}")
                .statusCode());
        server.stop();
        if (server.database().isPostgresql()) {
            server.database().backUp(server.dataDir());
            server.database().replaceWithEmpty();
            assertRefused("LIVECONFIG-0302");
            server.database().restore(server.dataDir());
        } else {
            Path file = server.dataDir().resolve("liveconfig.db");
            Path aside = Files.move(file, file.resolveSibling("liveconfig.db.aside"));
            assertRefused("LIVECONFIG-0302"); // the file is gone: an empty one would be the authority

            Files.writeString(file, "not a database, whatever it once was".repeat(200), StandardCharsets.UTF_8);
            assertRefused("LIVECONFIG-0303");

            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(file.resolveSibling("liveconfig.db-wal"));
            Files.deleteIfExists(file.resolveSibling("liveconfig.db-shm"));
        }
        server.start();
        assertTrue(server.send("GET", "/api/v1/namespaces/guarded/entries", null).body().contains("\"a\":\"kept\""));
    }

    private static void assertRefused(String code) throws Exception {
        long logged = Files.size(server.log());
        assertThrows(IllegalStateException.class, server::start);
        String output = Files.readString(server.log()).substring((int) logged);
        assertTrue(output.contains(code), "expected " + code + " in: " + output);
    }
}
