package io.liveconfig.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.liveconfig.protocol.FixedKeys;
import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.Version;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.TestKeys;
import io.liveconfig.testing.TestMember;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveConfigSourceTest {

    // Started before the app boots: the source connects while the configuration is built. This runs again, as a
    // no-op, when the app's class loader loads this class: the source ignores a revision it already holds.
    static final TestMember MEMBER = TestMember.shared();

    static {
        MEMBER.publish(Snapshot.of("shop", 1, Map.of("greeting", "hello", "limit", "10")));
    }

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ShopChanges.class, Mail.class))
            .overrideConfigKey("quarkus.liveconfig.namespaces", "shop")
            .overrideConfigKey("quarkus.liveconfig.cluster-name", MEMBER.clusterName())
            .overrideConfigKey("quarkus.liveconfig.addresses", MEMBER.address())
            .overrideConfigKey("quarkus.liveconfig.trust.public-keys", TestKeys.PUBLIC_KEY)
            // At application.properties level: the live value must win.
            .overrideConfigKey("limit", "1");

    @Inject
    Config config;

    @ConfigProperty(name = "greeting")
    Provider<String> greeting;

    @ConfigProperty(name = "greeting")
    Supplier<String> greetingSupplier;

    @ConfigProperty(name = "limit")
    Provider<Integer> limit;

    @ConfigProperty(name = "greeting")
    Optional<String> greetingOptional;

    @ConfigProperty(name = "greeting")
    String greetingAtStart;

    @Inject
    Mail mail;

    @Inject
    ShopChanges changes;

    /** A config mapping, read once at start-up like a plain field. */
    @ConfigMapping(prefix = "shop.mail")
    interface Mail {

        /** The sender's address (the extension processor runs on test sources too, and wants Javadoc). */
        @WithDefault("shop@example.com")
        String from();
    }

    @AfterAll
    static void stopMember() {
        MEMBER.close();
    }

    @Test
    @Order(0)
    void injectsLiveValuesFromTheSource() {
        assertEquals("hello", greeting.get());
        assertEquals(10, limit.get());
        assertEquals("LiveConfig[shop]", config.getConfigValue("greeting").getSourceName());
        assertEquals(275, config.getConfigValue("greeting").getSourceOrdinal());
    }

    @Test
    @Order(1)
    void providerAndSupplierSeeNewValuesWithoutRestart() throws InterruptedException {
        MEMBER.publish(Snapshot.of("shop", 2, Map.of("greeting", "bonjour", "limit", "20")));

        // One bound for both: the value, then the CDI event that follows it.
        Await.within(Duration.ofSeconds(5), () -> "bonjour".equals(greeting.get()) && !changes.seen().isEmpty());
        assertEquals("bonjour", greeting.get());
        assertEquals("bonjour", greetingSupplier.get());
        // An injected Optional is resolved once, when the bean is made, like a plain field: it is not live.
        assertEquals(Optional.of("hello"), greetingOptional);
        assertEquals(20, limit.get());
        assertEquals(1, changes.seen().size(), "one CDI event for the applied snapshot");
        assertEquals(2, changes.seen().get(0).newRevision());
        assertTrue(changes.seen().get(0).changed("greeting"));
        assertTrue(config.getPropertyNames().iterator().hasNext());
    }

    @Test
    @Order(2)
    void refusesARevisionWhoseValueDoesNotConvertToTheInjectedType() throws InterruptedException {
        LiveConfigSource source = (LiveConfigSource) StreamSupport
                .stream(config.getConfigSources().spliterator(), false)
                .filter(LiveConfigSource.class::isInstance).findFirst().orElseThrow();
        MEMBER.publish(Snapshot.of("shop", 3, Map.of("greeting", "hola", "limit", "lots")));

        Await.within(Duration.ofSeconds(5), () -> !source.rejections().isEmpty());
        assertTrue(source.rejections().toString().contains("key 'limit' = 'lots'"), source.rejections().toString());
        assertEquals(20, limit.get(), "the app keeps its last good values");
        assertEquals("bonjour", greeting.get());
    }

    @Test
    @Order(3)
    void reportsTheKeysItReadsOnlyAtStartUpWithTheRevisionItStartedWith() throws InterruptedException {
        Await.within(Duration.ofSeconds(5), () -> MEMBER.instanceReports().values().stream()
                .map(InstanceReport::decode).anyMatch(report -> report.fixed() != null));
        FixedKeys fixed = MEMBER.instanceReports().values().stream().map(InstanceReport::decode)
                .filter(report -> report.fixed() != null).findFirst().orElseThrow().fixed();

        assertEquals("hello", greetingAtStart);
        assertTrue(fixed.keys().contains("greeting"), fixed.keys().toString());
        assertFalse(fixed.isFixed("limit"), "a Provider sees live values: " + fixed);
        assertTrue(fixed.prefixes().contains("shop.mail"), fixed.prefixes().toString());
        assertTrue(fixed.isFixed("shop.mail.from"));
        assertEquals("shop@example.com", mail.from());
        assertEquals(Map.of("shop", new Version(0, 1)), fixed.since());
        assertTrue(fixed.complete());
    }
}
