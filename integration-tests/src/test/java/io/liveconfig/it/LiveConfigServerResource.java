package io.liveconfig.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the packaged server before the app under test boots, points the app's LiveConfig source at it, and hands the
 * {@link ServerProcess} to fields of that type in the test.
 */
public class LiveConfigServerResource implements QuarkusTestResourceLifecycleManager {

    private ServerProcess server;

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
        return Map.of(
                "quarkus.liveconfig.cluster-name", server.clusterName(),
                "quarkus.liveconfig.addresses", server.memberAddress());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.MatchesType(ServerProcess.class));
    }

    @Override
    public void stop() {
        server.close();
    }
}
