package io.liveconfig.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.liveconfig.testing.ServerProcess;

/**
 * One server process for all fault tests of a run (they kill, stop and restart it, and leave it running), instead of
 * one per test class: {@code @ExtendWith(SharedServer.class)} and take a {@link ServerProcess} parameter, and a
 * {@link LinkProxy} one to cut the apps' link. Closed when the run ends.
 */
public class SharedServer implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ServerProcess.class || type == LinkProxy.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LinkedServer linked = context.getRoot()
                .getStore(ExtensionContext.Namespace.create(SharedServer.class))
                .getOrComputeIfAbsent(LinkedServer.class, type -> new Running(LinkedServer.start()), Running.class)
                .linked();
        return parameter.getParameter().getType() == LinkProxy.class ? linked.appLink() : linked.server();
    }

    /** Lets JUnit close the server when the run ends. */
    private record Running(LinkedServer linked) implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            linked.close();
        }
    }
}
