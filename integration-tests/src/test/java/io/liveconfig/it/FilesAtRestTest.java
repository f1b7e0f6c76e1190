package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.TempDirectories;

/**
 * What a real server leaves on disk: a data directory and files that only its user can read, from their creation, and
 * keys read from files rather than from the command line.
 */
class FilesAtRestTest {

    private static final Path APP_DIR = Path.of(System.getProperty("liveconfig.server.app-dir"));

    @Test
    void theFirstStartCreatesOwnerOnlyFilesAndTakesTheKeysFromFiles() throws Exception {
        Path root = TempDirectories.create("liveconfig-at-rest");
        try {
            Path dataDir = root.resolve("data"); // the server creates it
            Path secretKey = Files.writeString(root.resolve("secret.key"), "at-rest-test-secret-key\n");
            Path kek = Files.writeString(root.resolve("signing.kek"), "at-rest-test-key-encryption-key\n");
            try (ServerProcess server = ServerProcess.builder(APP_DIR).dataDir(dataDir)
                    .environment(Map.of("LIVECONFIG_SECRETS_ENCRYPTION_KEY_FILE", secretKey.toString(),
                            "LIVECONFIG_SIGNING_KEY_ENCRYPTION_KEY_FILE", kek.toString()))
                    .start()) {
                // A secret key is accepted only with an encryption key (422 otherwise): it came from the file.
                assertEquals(201, server.send("POST", "/api/v1/namespaces", "{\"name\":\"at-rest\"}").statusCode());
                assertEquals(200, server.send("PUT", "/api/v1/namespaces/at-rest/schema",
                        "{\"rules\":[{\"key\":\"db.password\",\"type\":\"string\",\"secret\":true}]}").statusCode());
                assertEquals(200, server.send("PUT", "/api/v1/namespaces/at-rest/entries/db.password",
                        "{\"value\":\"hunter2\"}").statusCode());
                assertEquals(200, server.send("POST", "/api/v1/backups", null).statusCode());

                assertEquals("rwx------", mode(dataDir));
                Map<String, String> files = modes(dataDir);
                assertTrue(files.keySet().containsAll(Set.of("liveconfig.db", "liveconfig.db-wal",
                        "liveconfig.db-shm", "store-id")), files.toString());
                assertFalse(files.containsKey("signing-key.kek"), "the key-encryption key came from its file");
                files.forEach((name, mode) -> assertEquals("rw-------", mode, name));
                assertEquals(0, count(server.log(), "LIVECONFIG-0311"), "nothing to tighten after a first start");

                // Modes widened by hand (a copy, a restore, a umask) are taken back at the next start, with one line.
                Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.setPosixFilePermissions(dataDir.resolve("liveconfig.db"),
                        PosixFilePermissions.fromString("rw-r--r--"));
                Files.setPosixFilePermissions(dataDir.resolve("store-id"),
                        PosixFilePermissions.fromString("rw-rw-rw-"));
                server.restart();

                assertEquals("rwx------", mode(dataDir));
                modes(dataDir).forEach((name, mode) -> assertEquals("rw-------", mode, name));
                String log = Files.readString(server.log());
                assertEquals(1, count(server.log(), "LIVECONFIG-0311"), log);
                Matcher line = Pattern.compile("LIVECONFIG-0311.*").matcher(log);
                assertTrue(line.find());
                for (String name : List.of("liveconfig.db (was rw-r--r--)", "store-id (was rw-rw-rw-)",
                        dataDir + " (was rwxr-xr-x)")) {
                    assertTrue(line.group().contains(name), line.group());
                }
                // The signing keys made under the file's key-encryption key still decrypt, the secret still reads.
                assertEquals(200, server.send("GET", "/api/v1/namespaces/at-rest/entries", null).statusCode());
                assertFalse(log.contains("at-rest-test-secret-key") || log.contains("at-rest-test-key-encryption"),
                        "no key is logged");
            }
        } finally {
            TempDirectories.delete(root);
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** The mode of every regular file directly in the directory, by name. */
    private static Map<String, String> modes(Path directory) throws Exception {
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    modes.put(file.getFileName().toString(), mode(file));
                }
            }
        }
        return modes;
    }

    private static long count(Path log, String code) throws Exception {
        return Pattern.compile(Pattern.quote(code)).matcher(Files.readString(log)).results().count();
    }
}
