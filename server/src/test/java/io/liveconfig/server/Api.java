package io.liveconfig.server;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.liveconfig.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Short calls of the REST API for tests. */
final class Api {

    private Api() {
    }

    /** Marks a request to be sent without credentials, through {@link #authenticateAsAdminByDefault()}. */
    static final String NO_CREDENTIALS = "none";

    /**
     * Makes every request of the tests the global admin's unless it sends an Authorization header of its own; one whose
     * Authorization is {@link #NO_CREDENTIALS} goes without any.
     */
    static void authenticateAsAdminByDefault() {
        RestAssured.filters((request, response, context) -> {
            Header authorization = request.getHeaders().get("Authorization");
            if (authorization == null) {
                request.header("Authorization", TestTokens.bearer(TestTokens.ADMIN));
            } else if (NO_CREDENTIALS.equals(authorization.getValue())) {
                request.removeHeader("Authorization");
            }
            return context.next(request, response);
        });
    }

    /** A request without credentials. */
    static RequestSpecification anonymous() {
        return given().header("Authorization", NO_CREDENTIALS);
    }

    /** A request with a token. */
    static RequestSpecification as(String token) {
        return given().header("Authorization", TestTokens.bearer(token));
    }

    /** Makes a token with the grants and returns it. */
    static String token(String name, String... roles) {
        return json().body(Map.of("name", name, "roles", List.of(roles))).post("/api/v1/tokens").then()
                .statusCode(201).extract().path("token");
    }

    static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    static void createNamespace(String name) {
        json().body(Map.of("name", name)).post("/api/v1/namespaces").then().log().ifValidationFails().statusCode(201);
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
