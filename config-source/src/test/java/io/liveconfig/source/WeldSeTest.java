package io.liveconfig.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.source.cdi.Key;
import io.liveconfig.source.cdi.Namespace;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.TestKeys;
import io.liveconfig.testing.TestMember;

/**
 * The config-source jar alone in a plain CDI SE container (Weld) with SmallRye Config, configured by system properties
 * through its {@code ConfigSourceProvider}: no Quarkus anywhere.
 */
class WeldSeTest {

    private static final String[] PROPERTIES = {"liveconfig.namespaces", "liveconfig.cluster-name",
            "liveconfig.addresses", "liveconfig.snapshot-dir", "liveconfig.trust.public-keys"};
    private static TestMember member;

    /** An application bean, as a user would write it. */
    @ApplicationScoped
    public static class Greeter {

        static final List<ConfigChange> NAMESPACE_CHANGES = new CopyOnWriteArrayList<>();
        static final List<ConfigChange.KeyChange> GREETING_CHANGES = new CopyOnWriteArrayList<>();
        static final List<ConfigChange> OTHER_NAMESPACE_CHANGES = new CopyOnWriteArrayList<>();

        @Inject
        @ConfigProperty(name = "greeting")
        Provider<String> greeting;

        String greeting() {
            return greeting.get();
        }

        void onWeldChange(@Observes @Namespace("weld") ConfigChange change) {
            NAMESPACE_CHANGES.add(change);
        }

        void onOtherChange(@Observes @Namespace("other") ConfigChange change) {
            OTHER_NAMESPACE_CHANGES.add(change);
        }

        void onGreeting(@Observes @Key("greeting") ConfigChange.KeyChange change) {
            GREETING_CHANGES.add(change);
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        member = TestMember.start();
        member.publish(Snapshot.of("weld", 1, Map.of("greeting", "hello", "other.key", "x")));
        System.setProperty("liveconfig.namespaces", "weld");
        System.setProperty("liveconfig.cluster-name", member.clusterName());
        System.setProperty("liveconfig.addresses", member.address());
        System.setProperty("liveconfig.trust.public-keys", TestKeys.PUBLIC_KEY);
        System.setProperty("liveconfig.snapshot-dir", Files.createTempDirectory("weld-se").toString());
    }

    @AfterAll
    static void stopCluster() {
        for (String property : PROPERTIES) {
            System.clearProperty(property);
        }
        member.close();
    }

    @Test
    void injectsLiveValuesAndFiresCdiEvents() throws InterruptedException {
        Config config = ConfigProvider.getConfig();
        try (WeldContainer container = new Weld().addBeanClass(Greeter.class).initialize()) {
            Greeter greeter = container.select(Greeter.class).get();
            assertEquals("hello", greeter.greeting());
            assertEquals("LiveConfig[weld]", config.getConfigValue("greeting").getSourceName());

            member.publish(Snapshot.of("weld", 2, Map.of("greeting", "bonjour", "other.key", "x")));

            Await.until(() -> "bonjour".equals(greeter.greeting()));
            Await.until(() -> Greeter.NAMESPACE_CHANGES.size() == 1 && Greeter.GREETING_CHANGES.size() == 1);
            ConfigChange change = Greeter.NAMESPACE_CHANGES.get(0);
            assertEquals(1, change.oldRevision());
            assertEquals(2, change.newRevision());
            assertEquals(List.of(new ConfigChange.KeyChange("greeting", "hello", "bonjour")), change.changes());
            assertEquals("bonjour", Greeter.GREETING_CHANGES.get(0).newValue());
            assertTrue(Greeter.OTHER_NAMESPACE_CHANGES.isEmpty());
        } finally {
            for (var source : config.getConfigSources()) {
                if (source instanceof LiveConfigSource live) {
                    live.close();
                }
            }
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }

}
