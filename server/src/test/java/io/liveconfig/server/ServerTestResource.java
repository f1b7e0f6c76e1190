package io.liveconfig.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Gives the one server booted for all tests its own data directory, cluster name and member port. */
public class ServerTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path dataDir = Files.createTempDirectory("liveconfig-server-test");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            return Map.of(
                    "liveconfig.data-dir", dataDir.toString(),
                    "liveconfig.cluster.name", "server-test-" + UUID.randomUUID(),
                    "liveconfig.cluster.port", Integer.toString(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The temporary data directory is left for inspection; it is under the system temp folder.
    }
}
