package io.liveconfig.server;

import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static io.liveconfig.server.Api.put;
import static io.liveconfig.server.Api.revision;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.signing.SigningKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * No schema change publishes or reveals a held secret value: making it plain (a downgrade) or changing how it is
 * checked is refused, whatever the value is, unless the caller drops the value in the same revision.
 */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class SecretSchemaChangeTest {

    private static final String BASE = "/api/v1/namespaces/";
    private static final String SECRET = "s3cret";
    private static final String PROBLEM = "urn:liveconfig:problem:";

    @Inject
    SigningKeys keys;

    @Inject
    ClusterMember member;

    private static Map<String, Object> rule(Object... keyValues) {
        return Published.rule(keyValues);
    }

    private static ValidatableResponse schema(String namespace, boolean strict, String query,
            List<Map<String, Object>> rules) {
        return json().body(Map.of("rules", rules, "strict", strict)).put(BASE + namespace + "/schema" + query).then();
    }

    private static final Map<String, Object> PASSWORD = rule("key", "db.password", "type", "string", "secret", true);
    private static final Map<String, Object> POOL = rule("key", "pool.size", "type", "int");

    /** A namespace whose schema makes db.password secret, holding the secret and a plain value. */
    private static void withSecret(String namespace) {
        createNamespace(namespace);
        schema(namespace, false, "", List.of(PASSWORD, POOL)).statusCode(200);
        put(namespace, "db.password", SECRET).statusCode(200);
        put(namespace, "pool.size", "5").statusCode(200);
    }

    private Snapshot wholeAt(String namespace, long revision) {
        return Published.wholeAt(member, keys, namespace, revision);
    }

    private void assertStillSecret(String namespace, int revision) {
        assertEquals(revision, revision(namespace));
        given().get(BASE + namespace + "/entries").then()
                .body("entries.'db.password'", equalTo("******"), "entries.'pool.size'", equalTo("5"));
        given().get(BASE + namespace + "/schema").then().body("rules[0].secret", equalTo(true));
        given().get(BASE + namespace + "/export").then().statusCode(200)
                .header("X-LiveConfig-Omitted-Secrets", "1").body(not(containsString(SECRET)));
        String published = wholeAt(namespace, revision).entries().get("db.password");
        assertTrue(published.startsWith("${aes-gcm-nopadding::"), published);
    }

    @Test
    void refusesToMakeAHeldSecretPlainAndChangesNothing() {
        withSecret("sd-refused");
        int before = revision("sd-refused");
        Map<String, Object> plainPassword = rule("key", "db.password", "type", "string");

        for (ValidatableResponse refused : List.of(
                schema("sd-refused", false, "", List.of(plainPassword, POOL)), // secret: true omitted
                schema("sd-refused", false, "", List.of(POOL, rule("key", "db.*", "type", "string"))),
                schema("sd-refused", true, "", List.of(POOL)), // strict: the key would be refused as undeclared
                schema("sd-refused", false, "", List.of(POOL)))) {
            refused.statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo(PROBLEM + "secret-downgrade"),
                            "violations.field", contains("db.password"),
                            "violations.rule", contains("secret"))
                    .body(not(containsString(SECRET)));
        }
        assertStillSecret("sd-refused", before);
        given().get("/api/v1/audit?namespace=sd-refused").then().body(not(containsString(SECRET)));
    }

    @Test
    void dropsTheValueOfADowngradedSecretWhenAsked() {
        withSecret("sd-drop");
        int before = revision("sd-drop");

        schema("sd-drop", false, "?dropSecretValues=true", List.of(rule("key", "db.password", "type", "string"),
                POOL)).statusCode(200).body("revision", equalTo(before + 1));
        int dropped = before + 1;

        given().get(BASE + "sd-drop/entries").then()
                .body("entries", equalTo(Map.of("pool.size", "5")));
        given().get(BASE + "sd-drop/export").then().statusCode(200)
                .header("X-LiveConfig-Omitted-Secrets", "0").body(not(containsString("db.password")));
        assertFalse(wholeAt("sd-drop", dropped).entries().containsKey("db.password"));
        // History keeps masking the value: in the drop itself, at earlier revisions, and in diffs across it.
        given().get(BASE + "sd-drop/revisions/" + dropped).then()
                .body("changes.key", contains("db.password"),
                        "changes[0].oldValue", equalTo("******"), "changes[0].newValue", nullValue());
        given().get(BASE + "sd-drop/revisions/" + before + "/entries").then()
                .body("entries.'db.password'", equalTo("******"));
        given().get(BASE + "sd-drop/revisions/" + before + "/diff/" + dropped).then()
                .body("changes.key", contains("db.password"), "changes[0].oldValue", equalTo("******"));
        given().get("/api/v1/audit?namespace=sd-drop").then().body(not(containsString(SECRET)))
                .body("[0].action", equalTo("schema"), "[0].revision", equalTo(dropped),
                        "[0].detail.droppedSecretValues", contains("db.password"));
        // The key is plain now: a rollback to where it held the secret would publish it in clear.
        json().post(BASE + "sd-drop/revisions/" + before + "/rollback").then().statusCode(422)
                .body("type", equalTo(PROBLEM + "secret-exposure"), "violations[0].field", equalTo("db.password"));

        // A new value is plain, as the schema says.
        put("sd-drop", "db.password", "plain-now").statusCode(200).body("value", equalTo("plain-now"));
    }

    @Test
    void droppingAValueTheSchemaRequiresIsTheUsualViolation() {
        withSecret("sd-required");
        int before = revision("sd-required");

        schema("sd-required", false, "?dropSecretValues=true",
                List.of(rule("key", "db.password", "type", "string", "required", true), POOL))
                .statusCode(422).body("type", equalTo(PROBLEM + "schema-violation"),
                        "violations.field", contains("db.password"), "violations.rule", contains("required"))
                .body(not(containsString(SECRET)));
        assertStillSecret("sd-required", before);
    }

    @Test
    void aChangedRuleOfAHeldSecretIsRefusedAlikeWhetherTheValueMatchesOrNot() {
        withSecret("sd-oracle");
        int before = revision("sd-oracle");

        String matching = schema("sd-oracle", false, "", List.of(POOL,
                rule("key", "db.password", "type", "string", "secret", true, "pattern", "s.*")))
                .statusCode(409).extract().asString();
        String failing = schema("sd-oracle", false, "", List.of(POOL,
                rule("key", "db.password", "type", "string", "secret", true, "pattern", "x.*")))
                .statusCode(409).extract().asString();
        assertEquals(matching, failing, "the answer does not depend on the hidden value");
        given().get(BASE + "sd-oracle/schema").then().body("rules[0].pattern", nullValue());

        // Every check of values counts, and a glob rule that starts to match the key is one.
        for (Map<String, Object> rule : List.of(
                rule("key", "db.password", "type", "string", "secret", true, "maxLength", 3),
                rule("key", "db.password", "type", "string", "secret", true, "minLength", 1),
                rule("key", "db.password", "type", "int", "secret", true),
                rule("key", "db.password", "type", "enum", "secret", true, "values", List.of(SECRET)))) {
            schema("sd-oracle", false, "", List.of(POOL, rule)).statusCode(409)
                    .body("type", equalTo(PROBLEM + "secret-rule-change"),
                            "violations.field", contains("db.password"), "violations.rule", contains("rules"))
                    .body(not(containsString(SECRET)));
        }
        schema("sd-oracle", false, "", List.of(PASSWORD, POOL, rule("key", "db.*", "type", "string",
                "pattern", "x.*"))).statusCode(409).body("type", equalTo(PROBLEM + "secret-rule-change"));
        assertStillSecret("sd-oracle", before);

        // What does not check a value changes freely: description, required, restartRequired, order of rules.
        schema("sd-oracle", true, "", List.of(POOL, rule("key", "db.password", "type", "string", "secret", true,
                "required", true, "restartRequired", true, "description", "the database password")))
                .statusCode(200);
        given().get(BASE + "sd-oracle/entries").then().body("entries.'db.password'", equalTo("******"));
    }

    @Test
    void aChangedRuleOfAHeldSecretDropsItsValueWhenAskedWhetherTheValueMatchesOrNot() {
        for (String pattern : List.of("s.*", "x.*")) {
            String namespace = "sd-oracle-drop-" + pattern.charAt(0);
            withSecret(namespace);
            int before = revision(namespace);
            schema(namespace, false, "?dropSecretValues=true", List.of(POOL,
                    rule("key", "db.password", "type", "string", "secret", true, "pattern", pattern)))
                    .statusCode(200).body("revision", equalTo(before + 1));
            given().get(BASE + namespace + "/entries").then().body("entries", not(hasKey("db.password")));
            given().get(BASE + namespace + "/revisions/" + (before + 1)).then()
                    .body("changes[0].oldValue", equalTo("******"));
        }
    }

    @Test
    void dryRunsAnswerAlikeWhetherAValueEqualsTheHeldSecretOrNot() {
        withSecret("sd-dry");
        int before = revision("sd-dry");
        List<String> answers = new ArrayList<>();
        for (String guess : List.of(SECRET, "a-guess")) {
            answers.add(json().body(Map.of("put", Map.of("db.password", guess)))
                    .post(BASE + "sd-dry/validate").then().statusCode(200).extract().asString());
            answers.add(given().contentType("text/x-java-properties").body("db.password=" + guess + "\n")
                    .post(BASE + "sd-dry/import?dryRun=true&mode=replace").then().statusCode(200)
                    .extract().asString());
        }
        assertEquals(answers.subList(0, 2), answers.subList(2, 4));
        assertStillSecret("sd-dry", before);
    }

    @Test
    void aChangedRuleOfASecretWithoutValueIsAccepted() {
        createNamespace("sd-empty");
        schema("sd-empty", false, "", List.of(PASSWORD)).statusCode(200);
        schema("sd-empty", false, "", List.of(rule("key", "db.password", "type", "string", "secret", true,
                "pattern", "x.*"))).statusCode(200);
        put("sd-empty", "db.password", SECRET).statusCode(422).body("violations[0].rule", equalTo("pattern"));
        put("sd-empty", "db.password", "x-" + SECRET).statusCode(200).body("value", equalTo("******"));
    }

    @Test
    void makingAPlainValueSecretIsAccepted() {
        createNamespace("sd-upgrade");
        put("sd-upgrade", "db.password", SECRET).statusCode(200);
        schema("sd-upgrade", false, "", List.of(rule("key", "db.password", "type", "string", "secret", true,
                "pattern", "s.*"))).statusCode(200);
        int upgraded = revision("sd-upgrade");

        given().get(BASE + "sd-upgrade/entries").then().body("entries.'db.password'", equalTo("******"));
        String published = wholeAt("sd-upgrade", upgraded).entries().get("db.password");
        assertTrue(published.startsWith("${aes-gcm-nopadding::"), published);
    }
}
