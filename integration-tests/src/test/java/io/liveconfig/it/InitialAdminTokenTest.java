package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.TestTokens;

/**
 * The first start of a real server on an empty store, as a newcomer runs it: no default credentials, an admin token in
 * an owner-only file whose path, never its content, is logged, and the same token after a restart.
 */
class InitialAdminTokenTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theFirstStartWritesAnOwnerOnlyTokenFileAndLogsOnlyItsPath() throws Exception {
        try (ServerProcess server = ServerProcess.builder(Path.of(System.getProperty("liveconfig.server.app-dir")))
                .generatedAdminToken().start()) {
            Path file = server.dataDir().resolve("admin-token");
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
            String token = Files.readString(file).strip();
            assertTrue(token.matches("lct_[A-Za-z0-9_-]{43}"), token.length() + " characters");
            String log = Files.readString(server.log());
            assertTrue(log.contains("LIVECONFIG-0501") && log.contains(file.toAbsolutePath().toString()), log);
            assertFalse(log.contains(token.substring(4)), "the token is never logged");

            assertEquals(401, status(server, null));
            assertEquals(401, status(server, TestTokens.ADMIN)); // no default: only the token it made
            assertEquals(200, status(server, token));

            server.restart();
            assertEquals(token, Files.readString(file).strip(), "made once, on the first start only");
            assertEquals(200, status(server, token));
            assertFalse(Files.readString(server.log()).contains(token.substring(4)));
        }
    }

    private static int status(ServerProcess server, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/tokens"))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
