package io.liveconfig.server;

import static io.liveconfig.server.Api.change;
import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static io.liveconfig.server.Api.revision;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class TransferTest {

    private static final String BASE = "/api/v1/namespaces/";
    private static final Map<String, String> CONTENT = Map.of("app.name", "shop", "app.greeting", "héllo = world",
            "%dev.app.debug", "true", "list[0]", "a", "app.\"quoted.part\".size", "3");

    private static void importFile(String namespace, String format, String mode, String body, int status) {
        given().contentType("text/plain; charset=UTF-8").body(body)
                .post(BASE + namespace + "/import?format=" + format + "&mode=" + mode).then().statusCode(status);
    }

    @Test
    void importsTheLargestChangeSetTheBodyLimitAllows() {
        createNamespace("xfer-large");
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            file.append(String.format("k%05d=%s%n", i, "v".repeat(95)));
        }

        importFile("xfer-large", "properties", "merge", file.toString(), 200);

        given().get(BASE + "xfer-large").then().body("entryCount", equalTo(10_000));
        given().get("/api/v1/audit?namespace=xfer-large&limit=1").then().statusCode(200)
                .body("[0].detail.putCount", equalTo(10_000))
                .body("[0].detail.truncated", equalTo(true));
    }

    @Test
    void exportedFilesImportBackToTheSameContentInEveryFormat() {
        createNamespace("xfer-source");
        change("xfer-source", Map.of("put", CONTENT)).statusCode(200);
        for (String format : List.of("properties", "yaml", "json")) {
            String file = given().get(BASE + "xfer-source/export?format=" + format).then().statusCode(200)
                    .extract().asString();
            String target = "xfer-" + format;
            createNamespace(target);

            importFile(target, format, "merge", file, 200);

            given().get(BASE + target + "/entries").then().body("entries", equalTo(CONTENT));
            given().get(BASE + target + "/revisions/2").then().body("revision.kind", equalTo("import"));
        }
    }

    @Test
    void readsNestedYamlAndJson() {
        createNamespace("xfer-nested");
        importFile("xfer-nested", "yaml", "merge", "app:\n  name: shop\n  hosts:\n    - a\n    - b\n  port: 80\n", 200);
        importFile("xfer-nested", "json", "merge", "{\"db\": {\"pool\": {\"size\": 5}}}", 200);

        given().get(BASE + "xfer-nested/entries").then().body("entries", equalTo(Map.of("app.name", "shop",
                "app.hosts[0]", "a", "app.hosts[1]", "b", "app.port", "80", "db.pool.size", "5")));
    }

    @Test
    void replaceRemovesWhatTheFileLacksAndDryRunChangesNothing() {
        createNamespace("xfer-replace");
        change("xfer-replace", Map.of("put", Map.of("keep", "1", "drop", "1"))).statusCode(200);
        int before = revision("xfer-replace");

        given().contentType("text/plain").body("keep=2\n")
                .post(BASE + "xfer-replace/import?mode=replace&dryRun=true").then().statusCode(200)
                .body("dryRun", equalTo(true));
        assertEquals(before, revision("xfer-replace"));

        importFile("xfer-replace", "properties", "replace", "keep=2\n", 200);
        given().get(BASE + "xfer-replace/entries").then().body("entries", equalTo(Map.of("keep", "2")));
    }

    @Test
    void refusesMalformedInvalidOrBreakingFilesWithoutChangingAnything() {
        createNamespace("xfer-bad");
        json().body(Map.of("rules", List.of(Map.of("key", "port", "type", "int")))).put(BASE + "xfer-bad/schema")
                .then().statusCode(200);
        int before = revision("xfer-bad");

        given().contentType("text/plain").body("a: [unclosed").post(BASE + "xfer-bad/import?format=yaml").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("line"));
        given().contentType("text/plain").body("{\"a\": null}").post(BASE + "xfer-bad/import?format=json").then()
                .statusCode(400);
        given().contentType("text/plain").body("[1, 2]").post(BASE + "xfer-bad/import?format=json").then()
                .statusCode(400);
        given().contentType("text/plain").body("bad!key=1\n").post(BASE + "xfer-bad/import").then()
                .statusCode(400).body("violations[0].field", equalTo("bad!key"));
        given().contentType("text/plain").body("port=eighty\nother=1\n").post(BASE + "xfer-bad/import").then()
                .statusCode(422).body("violations[0].field", equalTo("port"));
        given().contentType("text/plain").body("a=1").post(BASE + "xfer-bad/import?format=xml").then()
                .statusCode(400).body("violations[0].field", equalTo("format"));
        given().contentType("text/plain").body("a=1").post(BASE + "xfer-bad/import?mode=upsert").then()
                .statusCode(400);
        given().contentType("text/plain").body("# nothing\n").post(BASE + "xfer-bad/import").then()
                .statusCode(400);
        given().contentType("text/plain").body("a=" + "x".repeat(1_100_000)).post(BASE + "xfer-bad/import").then()
                .statusCode(413);

        assertEquals(before, revision("xfer-bad"));
    }

    @Test
    void neverExportsSecretsAndReplaceKeepsThem() {
        createNamespace("xfer-secret");
        json().body(Map.of("rules", List.of(Map.of("key", "*.password", "type", "string", "secret", true))))
                .put(BASE + "xfer-secret/schema").then().statusCode(200);
        change("xfer-secret", Map.of("put", Map.of("db.password", "hunter2", "db.user", "app"))).statusCode(200);

        given().get(BASE + "xfer-secret/export?format=json").then().statusCode(200)
                .header("X-LiveConfig-Omitted-Secrets", "1")
                .body(not(containsString("hunter2")), not(containsString("db.password")));

        importFile("xfer-secret", "properties", "replace", "db.user=svc\n", 200);
        given().get(BASE + "xfer-secret/entries").then()
                .body("entries", equalTo(Map.of("db.user", "svc", "db.password", "******")));
    }
}
