package io.liveconfig.server;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class OpenApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationHasASummaryAndDocumentedErrors() {
        Map<String, Map<String, Map<String, Object>>> paths = given().get("/q/openapi?format=json").then()
                .statusCode(200).extract().path("paths");
        List<String> undocumented = new ArrayList<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/v1")) {
                continue;
            }
            for (var operation : path.getValue().entrySet()) {
                if (operation.getKey().equals("parameters")) {
                    continue;
                }
                operations++;
                Map<String, Object> responses = (Map<String, Object>) operation.getValue().get("responses");
                // Only a bare listing has no input that can be refused.
                boolean takesInput = path.getKey().contains("{") || !operation.getKey().equals("get");
                boolean hasError = !takesInput || responses.keySet().stream().anyMatch(code -> code.startsWith("4"));
                if (operation.getValue().get("summary") == null || !hasError || !responses.containsKey("500")) {
                    undocumented.add(operation.getKey() + " " + path.getKey());
                }
            }
        }
        assertTrue(operations >= 20, "only " + operations + " operations documented");
        // A write that publishes says it may be refused while the cluster member is down.
        assertTrue(((Map<String, Object>) paths.get("/api/v1/namespaces/{namespace}/entries/{key}").get("put")
                .get("responses")).containsKey("503"));
        // A schema change that would reveal a held secret is refused unless the caller drops it.
        Map<String, Object> schemaPut = paths.get("/api/v1/namespaces/{namespace}/schema").get("put");
        assertTrue(((Map<String, Object>) schemaPut.get("responses")).containsKey("409"));
        assertTrue(((List<Map<String, Object>>) schemaPut.get("parameters")).stream()
                .anyMatch(p -> "dropSecretValues".equals(p.get("name")) && "query".equals(p.get("in"))
                        && p.get("description") != null));
        assertTrue(undocumented.isEmpty(), "without summary or error responses: " + undocumented);
        assertFalse(given().get("/q/swagger-ui/").then().statusCode(200).extract().asString().isEmpty());
    }
}
