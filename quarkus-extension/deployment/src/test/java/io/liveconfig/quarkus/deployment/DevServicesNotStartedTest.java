package io.liveconfig.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.liveconfig.testing.FreePorts;
import io.liveconfig.testing.TestKeys;
import io.quarkus.test.QuarkusUnitTest;

/** An app that names an address gets no dev server: it connects where it was told (nobody here). */
class DevServicesNotStartedTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.liveconfig.namespaces", "devshop")
            .overrideConfigKey("quarkus.liveconfig.addresses", "127.0.0.1:" + FreePorts.next())
            .overrideConfigKey("quarkus.liveconfig.trust.public-keys", TestKeys.PUBLIC_KEY)
            .overrideConfigKey("quarkus.liveconfig.connect-timeout", "1s");

    @Inject
    Config config;

    @Test
    void startsNoServerWhenAnAddressIsSet() {
        assertTrue(config.getOptionalValue("quarkus.liveconfig.server-url", String.class).isEmpty());
        assertTrue(config.getOptionalValue("greeting", String.class).isEmpty());
    }
}
