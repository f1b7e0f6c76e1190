package io.liveconfig.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class EntryResourceTest {

    private static int revision(String namespace) {
        return given().get("/api/v1/namespaces/" + namespace).then().statusCode(200).extract().path("revision");
    }

    @Test
    void putsGetsAndDeletesOneEntry() {
        NamespaceResourceTest.create("entries-one");

        given().contentType(ContentType.JSON).body("{\"value\":\"jdbc:postgresql://db/app\"}")
                .put("/api/v1/namespaces/entries-one/entries/db.url")
                .then().statusCode(200)
                .body("key", equalTo("db.url"), "value", equalTo("jdbc:postgresql://db/app"), "revision", equalTo(2));

        given().get("/api/v1/namespaces/entries-one/entries/db.url")
                .then().statusCode(200).body("value", equalTo("jdbc:postgresql://db/app"), "revision", equalTo(2));
        given().get("/api/v1/namespaces/entries-one/entries")
                .then().statusCode(200).header("ETag", equalTo("\"2\""))
                .body("revision", equalTo(2), "entries.'db.url'", equalTo("jdbc:postgresql://db/app"));

        given().delete("/api/v1/namespaces/entries-one/entries/db.url")
                .then().statusCode(200).body("revision", equalTo(3));
        given().get("/api/v1/namespaces/entries-one/entries/db.url").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void acceptsProfileAndQuotedKeys() {
        NamespaceResourceTest.create("entries-keys");

        given().contentType(ContentType.JSON).body("{\"value\":\"debug\"}")
                .pathParam("key", "%dev.quarkus.log.level")
                .put("/api/v1/namespaces/entries-keys/entries/{key}")
                .then().statusCode(200).body("key", equalTo("%dev.quarkus.log.level"));
        given().contentType(ContentType.JSON)
                .body(Map.of("put", Map.of("quarkus.datasource.\"users.db\".url", "x", "list[0]", "a")))
                .post("/api/v1/namespaces/entries-keys/changes")
                .then().statusCode(200);

        given().get("/api/v1/namespaces/entries-keys/entries").then().statusCode(200)
                .body("entries.keySet()", hasItems("%dev.quarkus.log.level", "quarkus.datasource.\"users.db\".url",
                        "list[0]"));
    }

    @Test
    void appliesChangeSetAsOneRevision() {
        NamespaceResourceTest.create("entries-set");
        given().contentType(ContentType.JSON).body(Map.of("put", Map.of("a", "1", "b", "1", "gone", "x")))
                .post("/api/v1/namespaces/entries-set/changes")
                .then().statusCode(200).body("namespace", equalTo("entries-set"), "revision", equalTo(2));

        given().contentType(ContentType.JSON)
                .body(Map.of("put", Map.of("a", "2", "c", "2"), "delete", new String[]{"gone"}))
                .post("/api/v1/namespaces/entries-set/changes")
                .then().statusCode(200).body("revision", equalTo(3));

        given().get("/api/v1/namespaces/entries-set/entries").then()
                .body("revision", equalTo(3), "entries.a", equalTo("2"), "entries.b", equalTo("1"),
                        "entries.c", equalTo("2"), "entries.gone", nullValue());
    }

    @Test
    void failedChangeSetChangesNothing() {
        NamespaceResourceTest.create("entries-atomic");
        given().contentType(ContentType.JSON).body(Map.of("put", Map.of("a", "1")))
                .post("/api/v1/namespaces/entries-atomic/changes").then().statusCode(200);

        given().contentType(ContentType.JSON)
                .body(Map.of("put", Map.of("a", "2", "b", "2"), "delete", new String[]{"missing"}))
                .post("/api/v1/namespaces/entries-atomic/changes")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("Key 'missing' does not exist in namespace 'entries-atomic'"));

        given().get("/api/v1/namespaces/entries-atomic/entries").then()
                .body("revision", equalTo(2), "entries.a", equalTo("1"), "entries.b", nullValue());
    }

    @Test
    void refusesBadInputWithProblemDetailsAndChangesNothing() {
        NamespaceResourceTest.create("entries-bad");
        int before = revision("entries-bad");

        // invalid key in the path
        given().contentType(ContentType.JSON).body("{\"value\":\"x\"}")
                .put("/api/v1/namespaces/entries-bad/entries/bad key!")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("key"), "instance", containsString("/entries-bad/entries/"));
        // value too long: 413, naming the limit (liveconfig.limits.bytes-per-value) and the key
        given().contentType(ContentType.JSON).body(Map.of("value", "x".repeat(65_537)))
                .put("/api/v1/namespaces/entries-bad/entries/a")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:liveconfig:problem:limit-exceeded"),
                        "violations[0].field", equalTo("liveconfig.limits.bytes-per-value"),
                        "violations[0].message", equalTo("is 65536; reached 65537"),
                        "violations[1].field", equalTo("a"));
        // null value, missing body
        given().contentType(ContentType.JSON).body("{\"value\":null}")
                .put("/api/v1/namespaces/entries-bad/entries/a")
                .then().statusCode(400).body("violations[0].field", equalTo("body.value"));
        given().contentType(ContentType.JSON).put("/api/v1/namespaces/entries-bad/entries/a")
                .then().statusCode(400).contentType("application/problem+json");
        // malformed JSON, wrong type, unknown field
        given().contentType(ContentType.JSON).body("{\"value\": ")
                .put("/api/v1/namespaces/entries-bad/entries/a")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Unreadable request body"));
        given().contentType(ContentType.JSON).body("{\"put\": [1, 2]}")
                .post("/api/v1/namespaces/entries-bad/changes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("put"));
        given().contentType(ContentType.JSON).body("{\"puts\": {\"a\": \"1\"}}")
                .post("/api/v1/namespaces/entries-bad/changes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("puts"));
        // invalid keys inside a change set, each reported
        given().contentType(ContentType.JSON)
                .body("{\"put\": {\"ok\": \"1\", \"not ok\": \"2\"}, \"delete\": [\"a..b\"]}")
                .post("/api/v1/namespaces/entries-bad/changes")
                .then().statusCode(400)
                .body("violations.field", hasItems("body.put[not ok]", "body.delete[0]"));
        // empty change set, key in put and delete
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/namespaces/entries-bad/changes")
                .then().statusCode(400).body("detail", containsString("at least one key"));
        given().contentType(ContentType.JSON).body("{\"put\": {\"a\": \"1\"}, \"delete\": [\"a\"]}")
                .post("/api/v1/namespaces/entries-bad/changes")
                .then().statusCode(400).body("violations[0].field", equalTo("delete[0]"));
        // wrong media type
        given().contentType(ContentType.TEXT).body("value=1")
                .put("/api/v1/namespaces/entries-bad/entries/a")
                .then().statusCode(415).contentType("application/problem+json");

        given().get("/api/v1/namespaces/entries-bad/entries").then()
                .body("revision", equalTo(before), "entries.size()", equalTo(0));
    }

    @Test
    void refusesBodyOverOneMegabyte() {
        NamespaceResourceTest.create("entries-huge");

        given().contentType(ContentType.JSON).body(Map.of("put", Map.of("a", "x".repeat(1_100_000))))
                .post("/api/v1/namespaces/entries-huge/changes")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("the limit is 1048576 bytes"));

        given().get("/api/v1/namespaces/entries-huge").then().body("revision", equalTo(1));
    }

    @Test
    void writesToUnknownNamespaceAre404() {
        given().contentType(ContentType.JSON).body("{\"value\":\"1\"}")
                .put("/api/v1/namespaces/no-such-ns/entries/a")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void unknownPathIsProblem() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }
}
