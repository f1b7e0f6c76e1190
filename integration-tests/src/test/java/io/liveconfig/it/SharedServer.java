package io.liveconfig.it;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One server process for all fault tests of a run (they kill, stop and restart it, and leave it running), instead of
 * one per test class: {@code @ExtendWith(SharedServer.class)} and take a {@link ServerProcess} parameter. Closed when
 * the run ends.
 */
public class SharedServer implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ServerProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(SharedServer.class))
                .getOrComputeIfAbsent(ServerProcess.class, type -> new Running(start()), Running.class).server();
    }

    private static ServerProcess start() {
        try {
            ServerProcess server = new ServerProcess();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets JUnit close the server when the run ends. */
    private record Running(ServerProcess server) implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            server.close();
        }
    }
}
