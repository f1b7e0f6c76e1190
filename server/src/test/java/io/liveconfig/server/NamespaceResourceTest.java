package io.liveconfig.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class NamespaceResourceTest {

    static void create(String name) {
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}")
                .post("/api/v1/namespaces")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/namespaces/" + name))
                .body("name", equalTo(name), "revision", equalTo(1), "entryCount", equalTo(0));
    }

    @Test
    void createsListsGetsAndDeletes() {
        create("ns-life");

        given().get("/api/v1/namespaces").then().statusCode(200).body("name", hasItem("ns-life"));
        given().get("/api/v1/namespaces/ns-life").then().statusCode(200).body("revision", equalTo(1));

        given().delete("/api/v1/namespaces/ns-life").then().statusCode(200)
                .body("namespace", equalTo("ns-life"), "revision", equalTo(2));

        given().get("/api/v1/namespaces/ns-life").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404), "detail", equalTo("Namespace 'ns-life' does not exist"));
        given().get("/api/v1/namespaces").then().body("name", not(hasItem("ns-life")));
    }

    @Test
    void recreatedNamespaceContinuesItsRevisionsEmpty() {
        create("ns-again");
        given().contentType(ContentType.JSON).body("{\"value\":\"1\"}")
                .put("/api/v1/namespaces/ns-again/entries/a").then().statusCode(200);
        given().delete("/api/v1/namespaces/ns-again").then().statusCode(200).body("revision", equalTo(3));

        given().contentType(ContentType.JSON).body("{\"name\":\"ns-again\"}")
                .post("/api/v1/namespaces")
                .then().statusCode(201).body("revision", equalTo(4), "entryCount", equalTo(0));
    }

    @Test
    void refusesDuplicate() {
        create("ns-dup");

        given().contentType(ContentType.JSON).body("{\"name\":\"ns-dup\"}")
                .post("/api/v1/namespaces")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("Namespace 'ns-dup' already exists"));
    }

    @Test
    void refusesInvalidNames() {
        for (String name : new String[]{"Upper", "-dash", "", "x".repeat(65), "sp ace", "ü"}) {
            given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}")
                    .post("/api/v1/namespaces")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations[0].field", equalTo("body.name"));
        }
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/namespaces")
                .then().statusCode(400).body("violations[0].field", equalTo("body.name"));
        given().get("/api/v1/namespaces/BAD").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("namespace"));
    }

    @Test
    void deletingUnknownNamespaceIs404() {
        given().delete("/api/v1/namespaces/never-was").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
