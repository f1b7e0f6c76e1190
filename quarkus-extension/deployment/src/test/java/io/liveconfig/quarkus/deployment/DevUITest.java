package io.liveconfig.quarkus.deployment;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.TestKeys;
import io.liveconfig.testing.TestMember;
import io.quarkus.devui.tests.DevUIJsonRPCTest;
import io.quarkus.test.QuarkusDevModeTest;
import io.restassured.RestAssured;

/** The Dev UI card's JSON-RPC methods, called as its pages call them, in dev mode against a real member. */
public class DevUITest extends DevUIJsonRPCTest {

    static final TestMember MEMBER = TestMember.shared();

    /** What the server publishes for a secret: an encrypted expression, which this app cannot decrypt. */
    static final String SEALED = "${aes-gcm-nopadding::c2VhbGVkLXNlY3JldC1mb3ItdGhlLWRldi11aS10ZXN0}";

    static {
        MEMBER.publish(Snapshot.of("devui", 7,
                Map.of("greeting", "hello", "db.password", SEALED, "overridden", "from-liveconfig")));
        // A system property outranks LiveConfig (400 against 275), which the card must show.
        System.setProperty("overridden", "from-system-property");
    }

    @RegisterExtension
    static final QuarkusDevModeTest APP = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addAsResource(new StringAsset(String.join("\n",
                    "quarkus.liveconfig.namespaces=devui",
                    "quarkus.liveconfig.cluster-name=" + MEMBER.clusterName(),
                    "quarkus.liveconfig.addresses=" + MEMBER.address(),
                    "quarkus.liveconfig.trust.public-keys=" + TestKeys.PUBLIC_KEY,
                    "quarkus.liveconfig.server-url=http://127.0.0.1:8099")), "application.properties"));

    public DevUITest() {
        super("io.liveconfig.liveconfig-quarkus");
    }

    @AfterAll
    static void stopMember() {
        System.clearProperty("overridden");
        MEMBER.close();
    }

    @Test
    void showsTheConnectionAndTheAppliedRevision() throws Exception {
        assertEquals("connected", executeJsonRPCMethod(String.class, "getConnectionLabel"));
        JsonNode source = executeJsonRPCMethod("getSources").get(0);
        assertEquals("LiveConfig[devui]", source.get("name").asText());
        assertTrue(source.get("connected").asBoolean());
        JsonNode namespace = source.get("namespaces").get(0);
        assertEquals("devui", namespace.get("name").asText());
        assertEquals(7, namespace.get("revision").asLong());
        assertEquals(3, namespace.get("keys").asInt());
        assertEquals(0, source.get("rejectedRevisions").asLong());

        MEMBER.publish(Snapshot.of("devui", 8,
                Map.of("greeting", "hi", "db.password", SEALED, "overridden", "from-liveconfig")));
        Await.until(Duration.ofSeconds(10), () -> revision() == 8, "revision 8 in the card");
    }

    private long revision() {
        try {
            return executeJsonRPCMethod("getSources").get(0).get("namespaces").get(0).get("revision").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void masksSecretsAndTellsWhereEachValueComesFrom() throws Exception {
        JsonNode values = executeJsonRPCMethod("getValues");
        assertFalse(values.toString().contains("c2VhbGVk"), "no part of a secret leaves the app: " + values);
        Map<String, JsonNode> byKey = new HashMap<>();
        values.forEach(value -> byKey.put(value.get("key").asText(), value));
        assertEquals(3, byKey.size(), values.toString());

        JsonNode secret = byKey.get("db.password");
        assertTrue(secret.get("secret").asBoolean());
        assertEquals("******", secret.get("publishedValue").asText());

        JsonNode live = byKey.get("greeting");
        assertFalse(live.get("secret").asBoolean());
        assertEquals("LiveConfig[devui]", live.get("sourceName").asText());
        assertEquals(275, live.get("sourceOrdinal").asInt());
        assertFalse(live.get("overridden").asBoolean());

        JsonNode overridden = byKey.get("overridden");
        assertEquals("from-liveconfig", overridden.get("publishedValue").asText());
        assertEquals("from-system-property", overridden.get("value").asText());
        assertEquals(400, overridden.get("sourceOrdinal").asInt());
        assertTrue(overridden.get("overridden").asBoolean());
    }

    @Test
    void theDevUiListsTheCardAndServesItsPages() {
        String data = RestAssured.get("/q/dev-ui/devui-data.js").then().statusCode(200).extract().asString();
        assertTrue(data.contains("\"componentLink\":\"qwc-liveconfig-status.js\""), "the Status page in the card");
        assertTrue(data.contains("\"componentLink\":\"qwc-liveconfig-values.js\""), "the Values page in the card");
        for (String page : new String[]{"qwc-liveconfig-status.js", "qwc-liveconfig-values.js"}) {
            RestAssured.get("/q/dev-ui/liveconfig-quarkus/" + page).then().statusCode(200)
                    .body(containsString("customElements.define"));
        }
    }

    @Test
    void linksToTheServer() throws Exception {
        JsonNode server = executeJsonRPCMethod("getServer");
        assertEquals("http://127.0.0.1:8099", server.get("url").asText());
        assertEquals(MEMBER.clusterName(), server.get("clusterName").asText());
        assertEquals(MEMBER.address(), server.get("addresses").get(0).asText());
    }
}
