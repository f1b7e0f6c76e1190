package io.liveconfig.server;

import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static io.liveconfig.server.Api.put;
import static io.liveconfig.server.Api.revision;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.signing.SigningKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Neither a rollback nor a diff depends on a hidden value: a rollback does not check a secret against rules changed
 * since it was written, and neither tells whether two secret values are equal.
 */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class SecretHistoryTest {

    private static final String BASE = "/api/v1/namespaces/";
    private static final String SECRET = "s3cret";

    @Inject
    SigningKeys keys;

    @Inject
    ClusterMember member;

    private static Map<String, Object> rule(Object... keyValues) {
        return Published.rule(keyValues);
    }

    private static void schema(String namespace, String query, int status, Map<String, Object> password) {
        json().body(Map.of("rules", List.of(password, rule("key", "pool.size", "type", "int"))))
                .put(BASE + namespace + "/schema" + query).then().statusCode(status);
    }

    private static final Map<String, Object> PASSWORD = rule("key", "db.password", "type", "string", "secret", true);

    private static Map<String, Object> password(String pattern) {
        return rule("key", "db.password", "type", "string", "secret", true, "pattern", pattern);
    }

    /** A namespace whose schema makes db.password secret, holding the secret and a plain value. */
    private static int withSecret(String namespace) {
        createNamespace(namespace);
        schema(namespace, "", 200, PASSWORD);
        put(namespace, "db.password", SECRET).statusCode(200);
        put(namespace, "pool.size", "5").statusCode(200);
        return revision(namespace);
    }

    /** The refusal of a rollback, with the namespace's name taken out. */
    private static String refusedRollback(String namespace, int revision) {
        return json().post(BASE + namespace + "/revisions/" + revision + "/rollback").then().statusCode(409)
                .body("type", equalTo("urn:liveconfig:problem:secret-rule-change"),
                        "violations.field", contains("db.password"), "violations.rule", contains("rules"))
                .body(not(containsString(SECRET)))
                .extract().asString().replace(namespace, "<namespace>");
    }

    /** What an app with the encryption key reads of a key published whole at a revision. */
    private String published(String namespace, long revision, String key) {
        Snapshot whole = Published.wholeAt(member, keys, namespace, revision);
        SmallRyeConfig app = new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredSecretKeysHandlers()
                .withSources(new MapBackedConfigSource("published", Map.of(key, whole.entries().get(key),
                        "smallrye.config.secret-handler.aes-gcm-nopadding.encryption-key",
                        "test-only-encryption-key")) {
                })
                .build();
        return app.getValue(key, String.class);
    }

    @Test
    void rollbackDoesNotCheckASecretAgainstRulesChangedSinceItWasWritten() {
        // Dropped by a changed pattern, then rolled back: matching or not, the same refusal.
        int matching = withSecret("sh-dropped-s");
        schema("sh-dropped-s", "?dropSecretValues=true", 200, password("s.*"));
        int failing = withSecret("sh-dropped-x");
        schema("sh-dropped-x", "?dropSecretValues=true", 200, password("x.*"));
        assertEquals(refusedRollback("sh-dropped-s", matching), refusedRollback("sh-dropped-x", failing));
        given().get(BASE + "sh-dropped-s/entries").then().body("entries", equalTo(Map.of("pool.size", "5")));

        // Removed, its rule changed while it held no value, then rolled back.
        int removed = withSecret("sh-removed");
        given().delete(BASE + "sh-removed/entries/db.password").then().statusCode(200);
        schema("sh-removed", "", 200, password("s.*"));
        refusedRollback("sh-removed", removed);

        // A value set again under the new rule is checked by it, and comes back.
        put("sh-removed", "db.password", "second").statusCode(200);
        int second = revision("sh-removed");
        put("sh-removed", "db.password", "seventh").statusCode(200);
        json().post(BASE + "sh-removed/revisions/" + second + "/rollback").then().statusCode(200);
        assertEquals("second", published("sh-removed", revision("sh-removed"), "db.password"));
    }

    @Test
    void rollbackBringsBackASecretWhoseChecksDidNotChange() {
        int first = withSecret("sh-kept");
        put("sh-kept", "db.password", "rotated").statusCode(200);
        // A schema change that keeps the checks of the held secret, while it holds a value, keeps it restorable.
        json().body(Map.of("rules", List.of(PASSWORD, rule("key", "pool.size", "type", "int", "max", "10"))))
                .put(BASE + "sh-kept/schema").then().statusCode(200);

        json().post(BASE + "sh-kept/revisions/" + first + "/rollback").then().statusCode(200);
        given().get(BASE + "sh-kept/entries").then().body("entries.'db.password'", equalTo("******"));
        assertEquals(SECRET, published("sh-kept", revision("sh-kept"), "db.password"));
    }

    @Test
    void rollbackAndDiffDoNotTellWhetherTwoSecretsAreEqual() {
        for (String guess : List.of(SECRET, "a-guess")) {
            String namespace = "sh-equal-" + (guess.equals(SECRET) ? "same" : "other");
            int before = withSecret(namespace);
            put(namespace, "db.password", guess).statusCode(200);
            int guessed = revision(namespace);

            given().get(BASE + namespace + "/revisions/" + before + "/diff/" + guessed).then()
                    .body("changes.key", contains("db.password"),
                            "changes[0].oldValue", equalTo("******"), "changes[0].newValue", equalTo("******"));
            json().post(BASE + namespace + "/revisions/" + before + "/rollback").then().statusCode(200);
            given().get(BASE + namespace + "/revisions/" + revision(namespace)).then()
                    .body("revision.changeCount", equalTo(1), "changes.key", contains("db.password"));
        }
    }
}
