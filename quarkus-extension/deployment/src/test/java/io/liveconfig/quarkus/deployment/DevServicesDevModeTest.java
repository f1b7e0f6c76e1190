package io.liveconfig.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusDevModeTest;
import io.restassured.RestAssured;

/** In dev mode, a live reload keeps the session's dev server: the same REST API, the same seeded value. */
class DevServicesDevModeTest {

    @RegisterExtension
    static final QuarkusDevModeTest DEV = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClass(DevServerEndpoint.class)
                    .addAsResource(new StringAsset("greeting=hello from the seed\n"), "liveconfig-dev.properties")
                    .addAsResource(new StringAsset("quarkus.liveconfig.namespaces=devshop\n"),
                            "application.properties"));

    @Test
    void keepsTheServerAcrossAReload() {
        String before = RestAssured.get("/dev-server").then().statusCode(200).extract().asString();
        assertTrue(before.startsWith("v1 http://127.0.0.1:"), before);
        assertTrue(before.endsWith(" hello from the seed"), before);

        DEV.modifySourceFile(DevServerEndpoint.class, source -> source.replace("\"v1 \"", "\"v2 \""));

        String after = RestAssured.get("/dev-server").then().statusCode(200).extract().asString();
        assertEquals("v2 " + before.substring("v1 ".length()), after);
    }
}
