package io.liveconfig.it;

import java.util.Map;

import io.liveconfig.testing.ServerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the packaged server before the app under test boots, points the app's LiveConfig source at it, and hands the
 * {@link ServerProcess} to fields of that type in the test.
 */
public class LiveConfigServerResource implements QuarkusTestResourceLifecycleManager {

    private LinkedServer linked;

    @Override
    public Map<String, String> start() {
        linked = LinkedServer.start();
        return Map.of(
                "quarkus.liveconfig.cluster-name", linked.server().clusterName(),
                "quarkus.liveconfig.addresses", linked.server().clientAddress(),
                "quarkus.liveconfig.trust.public-keys", String.join(",", linked.server().trustedKeys()));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(linked.server(), new TestInjector.MatchesType(ServerProcess.class));
    }

    @Override
    public void stop() {
        linked.close();
    }
}
