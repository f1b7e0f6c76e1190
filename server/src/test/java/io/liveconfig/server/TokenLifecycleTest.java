package io.liveconfig.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.liveconfig.server.store.TokenStore;
import io.liveconfig.server.store.Transactions;
import io.liveconfig.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** API tokens from creation to revocation, and what a bad credential gets: nothing, and no hint why. */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class TokenLifecycleTest {

    @Inject
    TokenStore store;

    @Test
    void aTokenIsShownOnceAndKeptOnlyAsItsHash() throws Exception {
        Response created = Api.json().body(Map.of("name", "life-shown-once", "roles", List.of("reader:life-*")))
                .post("/api/v1/tokens");
        created.then().statusCode(201).header("Location", matchesPattern(".*/api/v1/tokens/[0-9a-f]{12}"))
                .body("token", matchesPattern("lct_[A-Za-z0-9_-]{43}"), "roles", equalTo(List.of("reader:life-*")),
                        "createdBy", equalTo("token:initial-admin"), "lastUsedAt", nullValue());
        String token = created.path("token");
        String id = created.path("id");

        String listed = given().get("/api/v1/tokens").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.name", equalTo("life-shown-once"))
                .body("find { it.id == '" + id + "' }.token", nullValue()).extract().asString();
        assertFalse(listed.contains(token.substring(4)), "a listing shows no token");
        TokenStore.Row row = Transactions.read(store::all).stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow();
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII))), row.tokenHash());
        assertFalse(listed.contains(row.tokenHash()), "nor its hash");

        Api.as(token).get("/api/v1/namespaces").then().statusCode(200);
        given().get("/api/v1/tokens").then().body("find { it.id == '" + id + "' }.lastUsedAt", notNullValue());
    }

    @Test
    void aRevokedTokenStopsAtOnceAndStaysListed() {
        Response created = Api.json().body(Map.of("name", "life-revoked", "roles", List.of("admin"))).post(
                "/api/v1/tokens");
        String token = created.path("token");
        Api.as(token).get("/api/v1/tokens").then().statusCode(200);
        given().delete("/api/v1/tokens/" + created.path("id")).then().statusCode(204);
        Api.as(token).get("/api/v1/tokens").then().statusCode(401);
        given().delete("/api/v1/tokens/" + created.path("id")).then().statusCode(204); // changes nothing
        given().get("/api/v1/tokens").then()
                .body("find { it.name == 'life-revoked' }.revokedBy", equalTo("token:initial-admin"));
        given().delete("/api/v1/tokens/000000000000").then().statusCode(404)
                .body("type", equalTo("urn:liveconfig:problem:token-not-found"));
        // The name is free again once revoked.
        Api.json().body(Map.of("name", "life-revoked", "roles", List.of("admin"))).post("/api/v1/tokens").then()
                .statusCode(201);
        given().get("/api/v1/audit").then().body("action", hasItem("token-revoked"), "action",
                hasItem("token-created"));
    }

    @Test
    void anAdminOfSomeNamespacesGivesAndTakesOnlyWithinThem() {
        String teamAdmin = Api.token("life-team-admin", "admin:team-*");
        Api.as(teamAdmin).contentType("application/json")
                .body(Map.of("name", "life-team-writer", "roles", List.of("writer:team-a", "reader:team-*")))
                .post("/api/v1/tokens").then().statusCode(201);
        for (String beyond : List.of("admin", "writer:other", "reader:*", "admin:team")) {
            Api.as(teamAdmin).contentType("application/json")
                    .body(Map.of("name", "life-beyond", "roles", List.of(beyond))).post("/api/v1/tokens").then()
                    .statusCode(403).contentType("application/problem+json");
        }
        Api.as(teamAdmin).get("/api/v1/tokens").then().statusCode(200)
                .body("name", hasItem("life-team-writer"), "name", not(hasItem("initial-admin")));
        String globalId = given().get("/api/v1/tokens").then().extract().path("find { it.name == 'initial-admin' }.id");
        Api.as(teamAdmin).delete("/api/v1/tokens/" + globalId).then().statusCode(403);
        Api.as(TestTokens.ADMIN).get("/api/v1/namespaces").then().statusCode(200);
        Api.as(Api.token("life-reader", "reader:team-*")).get("/api/v1/tokens").then().statusCode(403);
    }

    @Test
    void refusesBadTokenRequests() {
        Api.json().body(Map.of("name", "life-dup", "roles", List.of("admin"))).post("/api/v1/tokens").then()
                .statusCode(201);
        Api.json().body(Map.of("name", "life-dup", "roles", List.of("admin"))).post("/api/v1/tokens").then()
                .statusCode(409).body("type", equalTo("urn:liveconfig:problem:token-exists"));
        Api.json().body(Map.of("name", "life-bad-role", "roles", List.of("owner:x"))).post("/api/v1/tokens").then()
                .statusCode(400).body("violations[0].field", equalTo("roles[0]"));
        Api.json().body(Map.of("name", "life-no-role", "roles", List.of())).post("/api/v1/tokens").then()
                .statusCode(400);
        Api.json().body(Map.of("name", "bad name!", "roles", List.of("admin"))).post("/api/v1/tokens").then()
                .statusCode(400).body("violations[0].field", equalTo("name"));
        Api.json().body(Map.of("name", "life-past", "roles", List.of("admin"), "expiresAt",
                Instant.now().minusSeconds(1).toString())).post("/api/v1/tokens").then().statusCode(400)
                .body("violations[0].field", equalTo("expiresAt"));
        given().get("/api/v1/tokens").then().statusCode(200) // a refused request made nothing
                .body("findAll { it.name == 'life-dup' }.size()", equalTo(1))
                .body("name", not(hasItem("life-bad-role")), "name", not(hasItem("life-no-role")),
                        "name", not(hasItem("life-past")));
    }

    @Test
    void everyBadCredentialGetsTheSameAnswer() throws InterruptedException {
        Instant soon = Instant.now().plusMillis(800);
        String expiring = Api.json().body(Map.of("name", "life-expiring", "roles", List.of("admin"), "expiresAt",
                soon.toString())).post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        Response revoked = Api.json().body(Map.of("name", "life-gone", "roles", List.of("admin"))).post(
                "/api/v1/tokens");
        given().delete("/api/v1/tokens/" + revoked.path("id")).then().statusCode(204);
        Thread.sleep(Math.max(0, soon.toEpochMilli() - System.currentTimeMillis() + 100));

        String first = null;
        for (String authorization : List.of("Bearer " + expiring, "Bearer " + revoked.path("token"),
                "Bearer lct_" + "A".repeat(43), "Bearer lct_short", "Bearer " + TestTokens.ADMIN + "x", "Bearer",
                "Basic YWRtaW46YWRtaW4=", Api.NO_CREDENTIALS)) {
            String body = given().header("Authorization", authorization).get("/api/v1/namespaces").then()
                    .statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer realm=\"liveconfig\"").extract().asString();
            if (first == null) {
                first = body;
            }
            assertEquals(first, body, authorization.split(" ")[0] + " got another answer");
        }
    }
}
