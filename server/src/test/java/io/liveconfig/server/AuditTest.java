package io.liveconfig.server;

import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static io.liveconfig.server.Api.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.liveconfig.testing.Await;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class AuditTest {

    private static final String BASE = "/api/v1/namespaces/";

    @Test
    void recordsWhoDidWhatFromWhere() {
        createNamespace("audit-all");
        String dana = Api.token("audit-dana", "writer:audit-all");
        Api.as(dana).contentType(ContentType.JSON).body(Map.of("value", "1", "note", "why"))
                .put(BASE + "audit-all/entries/a").then().statusCode(200);
        json().body(Map.of("rules", List.of(Map.of("key", "a", "type", "int")))).put(BASE + "audit-all/schema")
                .then().statusCode(200);
        json().post(BASE + "audit-all/revisions/2/rollback").then().statusCode(200);
        json().body(Map.of("requireIfMatch", false)).put(BASE + "audit-all/settings").then().statusCode(200);
        given().delete(BASE + "audit-all").then().statusCode(200);

        given().get("/api/v1/audit?namespace=audit-all").then().statusCode(200)
                .body("action", contains("delete", "settings", "rollback", "schema", "change", "create"))
                .body("[4].actor", equalTo("token:audit-dana"))
                .body("[5].actor", equalTo("token:initial-admin"))
                .body("[4].revision", equalTo(2))
                .body("[4].detail.put.a", equalTo("1"))
                .body("[4].detail.note", equalTo("why"))
                .body("address", everyItem(equalTo("127.0.0.1")));
        given().get("/api/v1/audit?namespace=audit-all&limit=2").then().body("$", hasSize(2));
    }

    @Test
    void refusesInvalidQueries() {
        given().get("/api/v1/audit?limit=0").then().statusCode(400);
        given().get("/api/v1/audit?namespace=Bad").then().statusCode(400);
    }

    @Test
    void refusedRequestsAreCountedAndAuditedWithoutTheirCredentials() throws InterruptedException {
        String unknown = "lct_" + "Z".repeat(43);
        Api.as(unknown).get("/api/v1/namespaces/audit-refused/entries").then().statusCode(401);
        String reader = Api.token("audit-refused-reader", "reader:audit-refused");
        Api.as(reader).delete("/api/v1/namespaces/audit-refused").then().statusCode(403);

        assertTrue(Await.within(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
            String audit = given().get("/api/v1/audit?limit=200").then().statusCode(200).extract().asString();
            return audit.contains("/api/v1/namespaces/audit-refused/entries") && audit.contains("audit-refused-reader");
        }), "both refusals reach the audit log");
        String audit = given().get("/api/v1/audit?limit=200").then()
                .body("find { it.action == 'unauthenticated' && it.detail.path == "
                        + "'/api/v1/namespaces/audit-refused/entries' }.actor", equalTo("anonymous"))
                .body("find { it.action == 'forbidden' && it.detail.path == '/api/v1/namespaces/audit-refused' }"
                        + ".actor", equalTo("token:audit-refused-reader"))
                .body("find { it.action == 'forbidden' && it.detail.path == '/api/v1/namespaces/audit-refused' }"
                        + ".detail.method", equalTo("DELETE"))
                .extract().asString();
        assertFalse(audit.contains(unknown.substring(4)), "no credential in the audit log");
        assertFalse(audit.contains(reader.substring(4)), "no credential in the audit log");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("liveconfig_api_refused_total{status=\"401\"}"))
                .body(containsString("liveconfig_api_refused_total{status=\"403\"}"));
    }
}
