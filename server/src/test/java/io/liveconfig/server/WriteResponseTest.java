package io.liveconfig.server;

import static io.liveconfig.server.Api.change;
import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static io.liveconfig.server.Api.revision;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Every write answers with the namespace's revision after it as ETag, so a client can chain If-Match writes. */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class WriteResponseTest {

    private static final String BASE = "/api/v1/namespaces/";

    private static void answersRevisionAsEtag(String namespace, ValidatableResponse response) {
        String etag = response.statusCode(200).extract().header("ETag");
        assertEquals("\"" + revision(namespace) + "\"", etag);
    }

    @Test
    void schemaReplacementAnswersItsRevision() {
        createNamespace("etag-schema");
        answersRevisionAsEtag("etag-schema", json().body(Map.of("rules", List.of(Map.of("key", "a", "type", "int"))))
                .put(BASE + "etag-schema/schema").then());
    }

    @Test
    void rollbackAnswersItsRevision() {
        createNamespace("etag-rollback");
        change("etag-rollback", Map.of("put", Map.of("a", "1"))).statusCode(200);
        change("etag-rollback", Map.of("put", Map.of("a", "2"))).statusCode(200);
        answersRevisionAsEtag("etag-rollback", json().post(BASE + "etag-rollback/revisions/2/rollback").then());
    }

    @Test
    void importAnswersItsRevision() {
        createNamespace("etag-import");
        answersRevisionAsEtag("etag-import", given().contentType("text/plain").body("a=1\nb=2\n")
                .post(BASE + "etag-import/import?format=properties").then());
    }

    @Test
    void settingsAnswerTheCurrentRevision() {
        createNamespace("etag-settings");
        change("etag-settings", Map.of("put", Map.of("a", "1"))).statusCode(200);
        answersRevisionAsEtag("etag-settings", json().body(Map.of("requireIfMatch", true))
                .put(BASE + "etag-settings/settings").then());
    }

    @Test
    void namespaceDeleteAnswersItsRevision() {
        createNamespace("etag-delete");
        change("etag-delete", Map.of("put", Map.of("a", "1"))).statusCode(200);
        String etag = given().delete(BASE + "etag-delete").then().statusCode(200).extract().header("ETag");
        // The namespace was at revision 2; its deletion is revision 3.
        assertEquals("\"3\"", etag);
    }
}
