package io.liveconfig.it;

import java.nio.file.Path;

import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.ThrowawayDatabase;

/**
 * The packaged server as these tests run it: on the database the build asks for ({@code -Dtesting.database}), its
 * client endpoint reached by apps only through a {@link LinkProxy} that it announces as its address.
 */
record LinkedServer(ServerProcess server, LinkProxy appLink, ThrowawayDatabase database) implements AutoCloseable {

    /** Starts a server from the build's {@code liveconfig.server.app-dir} and waits until it is ready. */
    static LinkedServer start() {
        ThrowawayDatabase database = ThrowawayDatabase.fromBuild();
        int clientPort = FreePorts.next();
        LinkProxy appLink = new LinkProxy(clientPort);
        try {
            ServerProcess server = ServerProcess.builder(Path.of(System.getProperty("liveconfig.server.app-dir")))
                    .database(database)
                    .announce(clientPort, "127.0.0.1:" + appLink.port())
                    .start();
            return new LinkedServer(server, appLink, database);
        } catch (RuntimeException e) {
            appLink.close();
            database.close();
            throw e;
        }
    }

    /** Stops the server, closes the link and drops the database, if it has one of its own. */
    @Override
    public void close() {
        server.close();
        appLink.close();
        database.close();
    }
}
