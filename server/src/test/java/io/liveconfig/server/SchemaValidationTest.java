package io.liveconfig.server;

import static io.liveconfig.server.Api.change;
import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static io.liveconfig.server.Api.put;
import static io.liveconfig.server.Api.revision;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.signing.SigningKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class SchemaValidationTest {

    @Inject
    SigningKeys keys;

    private static final String BASE = "/api/v1/namespaces/";

    @Inject
    ClusterMember member;

    private static Map<String, Object> rule(Object... keyValues) {
        java.util.Map<String, Object> rule = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            rule.put((String) keyValues[i], keyValues[i + 1]);
        }
        return rule;
    }

    private static void schema(String namespace, List<Map<String, Object>> rules, boolean strict, int status) {
        json().body(Map.of("rules", rules, "strict", strict)).put(BASE + namespace + "/schema").then()
                .statusCode(status);
    }

    private static final List<Map<String, Object>> RULES = List.of(
            rule("key", "pool.size", "type", "int", "min", "1", "max", "100", "required", true),
            rule("key", "timeout", "type", "duration", "max", "PT30S"),
            rule("key", "ratio", "type", "double", "min", "0", "max", "1"),
            rule("key", "big", "type", "long"),
            rule("key", "enabled", "type", "boolean"),
            rule("key", "mode", "type", "enum", "values", List.of("fast", "safe")),
            rule("key", "endpoint", "type", "url"),
            rule("key", "hosts", "type", "list", "maxLength", 40),
            rule("key", "match", "type", "regex-pattern"),
            rule("key", "name", "type", "string", "minLength", 2, "maxLength", 8, "pattern", "[a-z]+"),
            rule("key", "db.*.password", "type", "string", "secret", true, "description", "database passwords"));

    @Test
    void refusesWholeChangeSetListingEveryViolation() {
        createNamespace("schema-all");
        put("schema-all", "pool.size", "5").statusCode(200);
        schema("schema-all", RULES, false, 200);
        int before = revision("schema-all");

        change("schema-all", Map.of("put", Map.of(
                "pool.size", "500", "timeout", "1m", "ratio", "x", "big", "9223372036854775808",
                "enabled", "yes", "mode", "slow", "endpoint", "not a url", "match", "([",
                "name", "A", "ok", "fine")))
                .statusCode(422).contentType("application/problem+json")
                .body("violations.field", containsInAnyOrder("pool.size", "timeout", "ratio", "big", "enabled",
                        "mode", "endpoint", "match", "name", "name"))
                .body("violations.rule", hasItem("max"))
                .body("violations.rule", hasItem("type"))
                .body("violations.rule", hasItem("values"))
                .body("violations.rule", hasItem("minLength"))
                .body("violations.rule", hasItem("pattern"));

        assertEquals(before, revision("schema-all"));
        given().get(BASE + "schema-all/entries").then().body("entries", equalTo(Map.of("pool.size", "5")));
    }

    @Test
    void acceptsValidValuesOfEveryType() {
        createNamespace("schema-ok");
        put("schema-ok", "pool.size", "5").statusCode(200);
        schema("schema-ok", RULES, true, 200);

        change("schema-ok", Map.of("put", Map.of("pool.size", "100", "timeout", "10s", "ratio", "0.5",
                "big", "9223372036854775807", "enabled", "true", "mode", "safe", "endpoint", "https://example.org/x",
                "hosts", "a,b,c", "match", "[a-z]+", "name", "abc"))).statusCode(200);
    }

    @Test
    void requiredKeyCannotBeRemovedAndStrictRefusesUnknownKeys() {
        createNamespace("schema-required");
        put("schema-required", "pool.size", "5").statusCode(200);
        schema("schema-required", RULES, true, 200);

        given().delete(BASE + "schema-required/entries/pool.size").then().statusCode(422)
                .body("violations[0].field", equalTo("pool.size"), "violations[0].rule", equalTo("required"));
        put("schema-required", "unknown.key", "1").statusCode(422)
                .body("violations[0].rule", equalTo("strict"));
    }

    @Test
    void schemaThatCurrentValuesBreakIsRefused() {
        createNamespace("schema-existing");
        put("schema-existing", "pool.size", "500").statusCode(200);

        schema("schema-existing", RULES, false, 422);
        given().get(BASE + "schema-existing/schema").then().body("rules.size()", equalTo(0));
    }

    @Test
    void invalidSchemaIsA400NamingTheRule() {
        createNamespace("schema-invalid");
        schema("schema-invalid", List.of(rule("key", "a", "type", "string", "min", "1")), false, 400);
        schema("schema-invalid", List.of(rule("key", "a", "type", "int", "min", "9", "max", "1")), false, 400);
        schema("schema-invalid", List.of(rule("key", "a", "type", "enum")), false, 400);
        schema("schema-invalid", List.of(rule("key", "a*", "type", "int", "required", true)), false, 400);
        schema("schema-invalid", List.of(rule("key", "a", "type", "string", "pattern", "([")), false, 400);
        json().body("{\"rules\":[{\"key\":\"a\",\"type\":\"float\"}]}").put(BASE + "schema-invalid/schema")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void validateIsADryRun() {
        createNamespace("schema-dry");
        put("schema-dry", "pool.size", "5").statusCode(200);
        schema("schema-dry", RULES, false, 200);
        int before = revision("schema-dry");

        json().body(Map.of("put", Map.of("pool.size", "7"))).post(BASE + "schema-dry/validate").then()
                .statusCode(200).body("valid", equalTo(true));
        json().body(Map.of("put", Map.of("pool.size", "0"), "delete", List.of("nothing")))
                .post(BASE + "schema-dry/validate").then()
                .statusCode(422).body("violations.field", containsInAnyOrder("pool.size", "nothing"));

        assertEquals(before, revision("schema-dry"));
    }

    @Test
    void secretsAreMaskedEverywhereAndPublishedEncrypted() {
        createNamespace("schema-secret");
        put("schema-secret", "pool.size", "5").statusCode(200);
        schema("schema-secret", RULES, false, 200);
        String secret = "s3cr3t-Value";

        put("schema-secret", "db.main.password", secret).statusCode(200).body("value", equalTo("******"));
        json().body("{\"value\": " + secret + "}").put(BASE + "schema-secret/entries/db.main.password").then()
                .statusCode(400).body(not(containsString(secret)));
        put("schema-secret", "db.main.password", "x".repeat(70_000)).statusCode(413)
                .body(not(containsString("xxxx")));

        given().get(BASE + "schema-secret/entries").then().body("entries.'db.main.password'", equalTo("******"));
        given().get(BASE + "schema-secret/entries/db.main.password").then().body("value", equalTo("******"));
        given().get(BASE + "schema-secret/revisions/" + revision("schema-secret")).then()
                .body(not(containsString(secret)));
        given().get(BASE + "schema-secret/revisions/" + revision("schema-secret") + "/entries").then()
                .body(not(containsString(secret)));
        given().get("/api/v1/audit?namespace=schema-secret").then().body(not(containsString(secret)));

        // Apps receive the step that set it: sealed there too (the whole snapshot follows, sealed the same way).
        String published = SnapshotCodec.decodeChange(member.changes().get("schema-secret"), keys.trust()).value()
                .puts()
                .get("db.main.password");
        assertFalse(published.contains(secret));
        assertTrue(published.startsWith("${aes-gcm-nopadding::"), published);
        // An app with SmallRye Config's crypto handler and the same key reads the plain value.
        SmallRyeConfig app = new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredSecretKeysHandlers()
                .withSources(new MapBackedConfigSource("published", Map.of("db.main.password", published,
                        "smallrye.config.secret-handler.aes-gcm-nopadding.encryption-key",
                        "test-only-encryption-key")) {
                })
                .build();
        assertEquals(secret, app.getValue("db.main.password", String.class));

        // Declassifying the key is refused while it holds a value; dropping the value with it does not reveal the
        // values history holds, and no rollback republishes them.
        int withSecret = revision("schema-secret");
        schema("schema-secret", List.of(rule("key", "pool.size", "type", "int")), false, 409);
        json().body(Map.of("rules", List.of(rule("key", "pool.size", "type", "int")), "strict", false))
                .put(BASE + "schema-secret/schema?dropSecretValues=true").then().statusCode(200);
        given().get(BASE + "schema-secret/revisions/" + withSecret + "/entries").then()
                .body(not(containsString(secret)));
        json().post(BASE + "schema-secret/revisions/" + withSecret + "/rollback").then().statusCode(422)
                .body("violations[0].field", equalTo("db.main.password"));
    }

    @Test
    void refusesNulCharacters() {
        createNamespace("schema-nul");
        put("schema-nul", "a", "x\u0000y").statusCode(400).body("violations[0].field", equalTo("body.value"));
    }
}
