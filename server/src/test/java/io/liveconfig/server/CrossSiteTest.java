package io.liveconfig.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.liveconfig.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * What a web page open in a developer's browser can send to a server on loopback, sent as such a page would: simple
 * cross-site requests (text/plain, form and multipart bodies, a body-less POST) need no preflight, carry no token and
 * say where they come from; a rebound DNS name reaches the server under a name of its own. None changes anything.
 */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class CrossSiteTest {

    private static final String EVIL = "http://evil.example";
    private static final String NS = "/api/v1/namespaces/cross-site";

    private static RequestSpecification fromAnotherSite() {
        return Api.anonymous().header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site");
    }

    @Test
    void simpleCrossSiteRequestsChangeNothing() {
        Api.createNamespace("cross-site");
        Api.put("cross-site", "a", "1").statusCode(200);
        int revision = Api.revision("cross-site");

        fromAnotherSite().contentType("text/plain").body("a=evil").post(NS + "/import?mode=replace").then()
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:liveconfig:problem:cross-site-request"));
        fromAnotherSite().contentType("application/x-www-form-urlencoded").formParam("a", "evil")
                .post(NS + "/import?mode=replace").then().statusCode(403);
        fromAnotherSite().multiPart("file", "a=evil").post(NS + "/import?mode=replace").then().statusCode(403);
        fromAnotherSite().post(NS + "/revisions/1/rollback").then().statusCode(403);
        fromAnotherSite().delete(NS).then().statusCode(403);
        // Without the headers that tell the site (an old browser), they are anonymous: 401.
        Api.anonymous().contentType("text/plain").body("a=evil").post(NS + "/import?mode=replace").then()
                .statusCode(401);
        Api.anonymous().post(NS + "/revisions/1/rollback").then().statusCode(401);
        // Even a page that holds a token cannot write from another site.
        given().header("Origin", EVIL).contentType("application/json").body(Map.of("value", "evil"))
                .put(NS + "/entries/a").then().statusCode(403);
        given().header("Sec-Fetch-Site", "same-site").contentType("application/json").body(Map.of("value", "evil"))
                .put(NS + "/entries/a").then().statusCode(403);

        assertEquals(revision, Api.revision("cross-site"));
        given().get(NS + "/entries").then().body("entries.a", equalTo("1"));
    }

    @Test
    void sameOriginAndNonBrowserClientsWrite() {
        Api.createNamespace("cross-site-own");
        given().header("Origin", RestAssured.baseURI + ":" + RestAssured.port).header("Sec-Fetch-Site", "same-origin")
                .contentType("application/json").body(Map.of("value", "1"))
                .put("/api/v1/namespaces/cross-site-own/entries/a").then().statusCode(200);
        Api.put("cross-site-own", "b", "1").statusCode(200);
    }

    @Test
    void aForeignHostNameIsNotAnswered() {
        for (String path : new String[]{"/api/v1/namespaces", "/q/health/ready", "/q/openapi"}) {
            given().header("Host", "evil.example:" + RestAssured.port).get(path).then()
                    .statusCode(421).contentType("application/problem+json")
                    .body("type", equalTo("urn:liveconfig:problem:host-not-allowed"));
        }
        given().header("Host", "127.0.0.1:" + RestAssured.port).get("/q/health/ready").then()
                .statusCode(200);
        given().header("Host", "localhost").get("/api/v1/namespaces").then().statusCode(200);
    }

    @Test
    void corsIsOff() {
        given().header("Origin", EVIL).header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/v1/namespaces/cross-site/entries/a").then()
                .header("Access-Control-Allow-Origin", nullValue());
        Api.as(TestTokens.ADMIN).header("Origin", EVIL).get("/api/v1/namespaces").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
