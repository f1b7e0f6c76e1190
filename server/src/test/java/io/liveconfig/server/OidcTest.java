package io.liveconfig.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.client.OidcTestClient;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * OIDC bearer tokens, obtained as a client would: a password grant at the token endpoint of Quarkus' test OIDC server
 * (ServerTestResource), which the server then verifies against that server's keys. Roles come from the configured claim
 * ({@code groups}); those that name grants grant them, others nothing.
 */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class OidcTest {

    private static final OidcTestClient CLIENT = new OidcTestClient();
    private static String alice;
    private static String bob;

    @BeforeAll
    static void signIn() {
        alice = CLIENT.getAccessToken("alice", "alice"); // roles (groups claim): admin
        // The test server's password grant always answers for alice; bob's token is signed with its key instead.
        bob = OidcWiremockTestResource.getAccessToken("bob", Set.of(ServerTestResource.OIDC_USER_ROLES.split(",")));
    }

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    private static RequestSpecification as(String accessToken) {
        return Api.as(accessToken).contentType(ContentType.JSON);
    }

    @Test
    void anAdminFromTheIdentityProviderAdministersAndIsNamedInTheHistory() {
        as(alice).body(Map.of("name", "oidc-by-alice")).post("/api/v1/namespaces").then().statusCode(201);
        as(alice).body(Map.of("value", "1")).put("/api/v1/namespaces/oidc-by-alice/entries/a").then().statusCode(200);
        given().get("/api/v1/namespaces/oidc-by-alice/revisions/2").then().statusCode(200)
                .body("revision.author", equalTo("oidc:alice"));
        given().get("/api/v1/audit?namespace=oidc-by-alice").then().statusCode(200)
                .body("actor", hasItem("oidc:alice"));
    }

    @Test
    void rolesThatNameGrantsGrantThemAndNothingMore() {
        Api.createNamespace("oidc-read-only");
        Api.createNamespace("oidc-written-by-bob");
        as(bob).get("/api/v1/namespaces/oidc-read-only/entries").then().statusCode(200);
        as(bob).body(Map.of("value", "1")).put("/api/v1/namespaces/oidc-read-only/entries/a").then().statusCode(403)
                .contentType("application/problem+json");
        as(bob).body(Map.of("name", "oidc-bob")).post("/api/v1/namespaces").then().statusCode(403);
        as(bob).body(Map.of("value", "1")).put("/api/v1/namespaces/oidc-written-by-bob/entries/a").then()
                .statusCode(403);
        Api.createNamespace("oidc-written");
        as(bob).body(Map.of("value", "1")).put("/api/v1/namespaces/oidc-written/entries/b").then().statusCode(200);
        given().get("/api/v1/namespaces/oidc-written/entries/b").then().body("revision", equalTo(2));
        given().get("/api/v1/namespaces/oidc-written/revisions/2").then().body("revision.author", equalTo("oidc:bob"));
        as(bob).get("/api/v1/tokens").then().statusCode(403);
        as(bob).get("/api/v1/namespaces").then().statusCode(200)
                .body("name", hasItem("oidc-read-only"), "name", not(hasItem("matrix-1")));
    }

    @Test
    void aForgedOrGarbledJwtGetsTheSame401AsABadApiToken() {
        String[] header = alice.split("\\.");
        String forged = header[0] + "." + header[1] + "." + header[2].substring(0, header[2].length() - 4) + "AAAA";
        String unknownApiToken = "lct_" + "x".repeat(43);
        for (String token : new String[]{forged, "eyJhbGciOiJub25lIn0.e30.", unknownApiToken, "garbage"}) {
            Api.as(token).get("/api/v1/namespaces").then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer realm=\"liveconfig\"")
                    .body("type", equalTo("urn:liveconfig:problem:unauthenticated"));
        }
    }
}
