package io.liveconfig.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.liveconfig.testing.TestKeys;
import io.quarkus.test.QuarkusUnitTest;

/** quarkus.liveconfig.devservices.enabled=false starts no server, even without an address and with a seed file. */
class DevServicesDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addAsResource(new StringAsset("greeting=hello from the seed\n"),
                    "liveconfig-dev.properties"))
            .overrideConfigKey("quarkus.liveconfig.namespaces", "devshop")
            .overrideConfigKey("quarkus.liveconfig.devservices.enabled", "false")
            .overrideConfigKey("quarkus.liveconfig.trust.public-keys", TestKeys.PUBLIC_KEY)
            .overrideConfigKey("quarkus.liveconfig.connect-timeout", "1s");

    @Inject
    Config config;

    @Test
    void startsNoServerWhenDisabled() {
        assertTrue(config.getOptionalValue("quarkus.liveconfig.server-url", String.class).isEmpty());
        assertTrue(config.getOptionalValue("greeting", String.class).isEmpty());
    }
}
