package io.liveconfig.server;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Short calls of the REST API for tests. */
final class Api {

    private Api() {
    }

    static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    static void createNamespace(String name) {
        json().body(Map.of("name", name)).post("/api/v1/namespaces").then().statusCode(201);
    }

    static ValidatableResponse change(String namespace, Map<String, ?> body) {
        return json().body(body).post("/api/v1/namespaces/" + namespace + "/changes").then();
    }

    static ValidatableResponse put(String namespace, String key, String value) {
        return json().body(Map.of("value", value)).put("/api/v1/namespaces/" + namespace + "/entries/" + key).then();
    }

    static int revision(String namespace) {
        return given().get("/api/v1/namespaces/" + namespace).then().statusCode(200).extract().path("revision");
    }
}
