package io.liveconfig.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** Without an address, Dev Services start a real server, seeded from liveconfig-dev.properties, for the app. */
class DevServicesSeedTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addAsResource(new StringAsset("greeting=hello from the seed\n"),
                    "liveconfig-dev.properties"))
            .overrideConfigKey("quarkus.liveconfig.namespaces", "devshop,devdefaults");

    @Inject
    Config config;

    @Test
    void readsTheSeedFromARealServer() {
        assertEquals("hello from the seed", config.getValue("greeting", String.class));
        assertEquals("LiveConfig[devshop, devdefaults]", config.getConfigValue("greeting").getSourceName());
        assertTrue(config.getValue("quarkus.liveconfig.server-url", String.class).startsWith("http://127.0.0.1:"));
    }
}
