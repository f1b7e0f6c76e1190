package io.liveconfig.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.PublicationSigner;
import io.liveconfig.testing.TestKeys;

class LiveConfigSettingsTest {

    /** Reads the properties, trusting the test key unless they say whom to trust. */
    private static Optional<LiveConfigSettings> read(Map<String, String> properties) {
        Map<String, String> withTrust = new HashMap<>(properties);
        if (!properties.containsKey("liveconfig.trust.insecure")) {
            withTrust.putIfAbsent("liveconfig.trust.public-keys", TestKeys.PUBLIC_KEY);
        }
        return LiveConfigSettings.read("liveconfig", name -> Optional.ofNullable(withTrust.get(name)));
    }

    @Test
    void refusesToStartWithoutATrustedKeyUnlessToldItIsInsecure() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("liveconfig.namespaces", "orders", "liveconfig.trust.public-keys", " ")));
        assertTrue(none.getMessage().contains("LIVECONFIG-0005"), none.getMessage());
        IllegalArgumentException notAKey = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("liveconfig.namespaces", "orders", "liveconfig.trust.public-keys", "AAAA")));
        assertTrue(notAKey.getMessage().contains("not an Ed25519 public key"), notAKey.getMessage());

        LiveConfigSettings insecure = read(Map.of("liveconfig.namespaces", "orders", "liveconfig.trust.insecure",
                "true")).orElseThrow();
        assertTrue(insecure.trust().isInsecure());
        LiveConfigSettings trusting = read(Map.of("liveconfig.namespaces", "orders",
                "liveconfig.trust.public-keys", TestKeys.PUBLIC_KEY + ", " + PublicationSigner.generate()
                        .publicKeyText()))
                .orElseThrow();
        assertEquals(2, trusting.trust().keyIds().size());
    }

    @Test
    void isAbsentWithoutNamespaces() {
        assertTrue(read(Map.of("liveconfig.cluster-name", "x")).isEmpty());
        assertTrue(read(Map.of("liveconfig.namespaces", "  ")).isEmpty());
    }

    @Test
    void appliesDefaults() {
        LiveConfigSettings settings = read(Map.of("liveconfig.namespaces", "orders")).orElseThrow();

        assertEquals(List.of("orders"), settings.namespaces());
        assertEquals("liveconfig", settings.clusterName());
        assertEquals(List.of("127.0.0.1:5701"), settings.addresses());
        assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
        assertEquals(275, settings.ordinal());
        assertEquals(Duration.ofSeconds(30), settings.resyncInterval());
    }

    @Test
    void readsEverySetting() {
        LiveConfigSettings settings = read(
                Map.of("liveconfig.namespaces", "orders, shared ,", "liveconfig.cluster-name", "prod",
                        "liveconfig.addresses", "10.0.0.1:5701,10.0.0.2:5702", "liveconfig.connect-timeout", "PT2S",
                        "liveconfig.ordinal", "260", "liveconfig.resync-interval", "500ms"))
                .orElseThrow();

        assertEquals(List.of("orders", "shared"), settings.namespaces());
        assertEquals("prod", settings.clusterName());
        assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5702"), settings.addresses());
        assertEquals(Duration.ofSeconds(2), settings.connectTimeout());
        assertEquals(260, settings.ordinal());
        assertEquals(Duration.ofMillis(500), settings.resyncInterval());
    }

    @Test
    void namesThePropertyThatIsWrong() {
        IllegalArgumentException badTimeout = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("liveconfig.namespaces", "orders", "liveconfig.connect-timeout", "soon")));
        assertTrue(badTimeout.getMessage().contains("liveconfig.connect-timeout"), badTimeout.getMessage());

        IllegalArgumentException badOrdinal = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("liveconfig.namespaces", "orders", "liveconfig.ordinal", "high")));
        assertTrue(badOrdinal.getMessage().contains("liveconfig.ordinal"), badOrdinal.getMessage());
    }

    @Test
    void rejectsInvalidNamespaces() {
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("liveconfig.namespaces", "Orders")));
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("liveconfig.namespaces", "a,a")));
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("liveconfig.namespaces", "x".repeat(65))));
    }

    @Test
    void rejectsNonPositiveDurations() {
        assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("liveconfig.namespaces", "orders", "liveconfig.resync-interval", "0s")));
    }
}
