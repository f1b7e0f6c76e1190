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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

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
    void keepsScalarsAsWritten() {
        createNamespace("xfer-scalars");
        String digits = "1234567890".repeat(200);
        importFile("xfer-scalars", "json", "merge", "{\"a\": 1.50, \"b\": 1e3, \"c\": " + digits + ", \"d\": true}",
                200);

        given().get(BASE + "xfer-scalars/entries").then().body("entries",
                equalTo(Map.of("a", "1.50", "b", "1e3", "c", digits, "d", "true")));
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

    private static ValidatableResponse refused(String namespace, String format, byte[] body) {
        return given().contentType("text/plain").body(body).post(BASE + namespace + "/import?format=" + format)
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static ValidatableResponse refused(String namespace, String format, String body) {
        return refused(namespace, format, body.getBytes(StandardCharsets.UTF_8));
    }

    private static ValidatableResponse malformed(String namespace, String format, String body) {
        return refused(namespace, format, body).body("type", equalTo("urn:liveconfig:problem:malformed-file"));
    }

    @Test
    void refusesKeysGivenTwiceInEveryFormat() {
        createNamespace("xfer-twice");
        int before = revision("xfer-twice");

        malformed("xfer-twice", "properties", "a=1\nb=2\n# c\n  a = 3\n").body("violations[0].field", equalTo("a"))
                .body("violations[0].message", containsString("lines 1 and 4"));
        malformed("xfer-twice", "properties", "x=1\\\n  2\nx:3\n").body("detail", containsString("lines 1 and 3"));
        malformed("xfer-twice", "json", "{\"a\": 1, \"a\": 2}").body("violations[0].field", equalTo("a"));
        malformed("xfer-twice", "json", "{\"x\": {\"a\": 1,\n \"a\": 2}}").body("violations[0].field",
                equalTo("x.a")).body("violations[0].message", containsString("lines 1 and 2"));
        malformed("xfer-twice", "yaml", "a: 1\na: 2\n").body("violations[0].field", equalTo("a"));
        malformed("xfer-twice", "yaml", "a:\n  x: 1\nb: 2\na:\n  y: 2\n").body("violations[0].field", equalTo("a"))
                .body("violations[0].message", containsString("lines 1 and 4"));

        assertEquals(before, revision("xfer-twice"));
    }

    @Test
    void refusesKeysThatFlattenToTheSameName() {
        createNamespace("xfer-collide");
        int before = revision("xfer-collide");

        malformed("xfer-collide", "json", "{\"a.b\": 1,\n\"a\": {\"b\": 2}}").body("violations[0].field",
                equalTo("a.b")).body("detail", containsString("line 2"));
        malformed("xfer-collide", "yaml", "a:\n  b: 1\na.b: 2\n").body("violations[0].field", equalTo("a.b"));
        malformed("xfer-collide", "yaml", "a: [x]\n\"a[0]\": y\n").body("violations[0].field", equalTo("a[0]"));

        assertEquals(before, revision("xfer-collide"));
    }

    @Test
    void refusesYamlAnchorsAliasesTagsAndSecondDocumentsButTakesPlainTags() {
        createNamespace("xfer-yamltags");
        int before = revision("xfer-yamltags");

        malformed("xfer-yamltags", "yaml", "x: 1\ny: &anchor 2\n").body("detail", containsString("line 2"));
        malformed("xfer-yamltags", "yaml", "x: 1\ny: *anchor\n").body("detail", containsString("alias"));
        malformed("xfer-yamltags", "yaml", "a: !!binary aGVsbG8=\n").body("detail", containsString("tag"));
        malformed("xfer-yamltags", "yaml", "a: !custom x\n").body("violations[0].field", equalTo("line 1"));
        malformed("xfer-yamltags", "yaml", "a: !!set {x}\n");
        malformed("xfer-yamltags", "yaml", "a: 1\n---\nb: 2\n").body("detail", containsString("line 3"));
        malformed("xfer-yamltags", "json", "{\"a\": 1}\n{\"b\": 2}");
        assertEquals(before, revision("xfer-yamltags"));

        importFile("xfer-yamltags", "yaml", "merge", "a: !!str 5\nb: !!int 7\nc: yes\nd: 1.50\n", 200);
        given().get(BASE + "xfer-yamltags/entries").then().body("entries",
                equalTo(Map.of("a", "5", "b", "7", "c", "yes", "d", "1.50")));
    }

    @Test
    void refusesBytesThatAreNotUtf8SayingWhere() {
        createNamespace("xfer-utf8");
        int before = revision("xfer-utf8");
        byte[] file = {'a', '=', '1', '\n', 'b', '=', (byte) 0xC3, '(', '\n'};

        for (String format : List.of("properties", "yaml", "json")) {
            refused("xfer-utf8", format, file).body("type", equalTo("urn:liveconfig:problem:malformed-file"))
                    .body("detail", containsString("byte 6 (line 2)"));
        }
        refused("xfer-utf8", "properties", new byte[]{'a', '=', (byte) 0xED, (byte) 0xA0, (byte) 0x80})
                .body("detail", containsString("byte 2")); // an encoded surrogate is not UTF-8 either

        assertEquals(before, revision("xfer-utf8"));
        importFile("xfer-utf8", "properties", "merge", "\uFEFFa=h\u00e9\n", 200); // a byte order mark is no key
        given().get(BASE + "xfer-utf8/entries").then().body("entries", equalTo(Map.of("a", "h\u00e9")));
    }

    @Test
    void refusesControlCharactersSurrogatesAndEmptyNamesSayingTheLine() {
        createNamespace("xfer-chars");
        int before = revision("xfer-chars");

        refused("xfer-chars", "properties", "ok=1\na=x\u0000y\n").body("violations[0].field", equalTo("a"))
                .body("violations[0].message", containsString("U+0000"))
                .body("violations[0].message", containsString("line 2"));
        refused("xfer-chars", "properties", "a=\\u001b[31mred\n").body("violations[0].message",
                containsString("U+001B"));
        refused("xfer-chars", "properties", "a=\\uD800\n").body("violations[0].message",
                containsString("surrogate"));
        refused("xfer-chars", "properties", "ok=1\nk\\u0001=1\n").body("violations[0].field", equalTo("k\\u0001"))
                .body("violations[0].message", containsString("line 2"));
        refused("xfer-chars", "json", "{\"a\": \"\\ud800\"}").body("violations[0].message",
                containsString("surrogate"));
        refused("xfer-chars", "json", "{\"\\udc00\": \"x\"}").body("violations[0].field", equalTo("\\uDC00"));
        refused("xfer-chars", "yaml", "a:\n  b: \"\\e[2J\"\n").body("violations[0].field", equalTo("a.b"))
                .body("violations[0].message", containsString("line 2"));
        refused("xfer-chars", "properties", "=1\n").body("violations[0].message", containsString("empty"));
        refused("xfer-chars", "json", "{\"a\": {\"\": 1}}").body("violations[0].field", equalTo("a."));

        assertEquals(before, revision("xfer-chars"));
    }

    @Test
    void refusesDeeplyNestedFiles() {
        createNamespace("xfer-deep");
        int before = revision("xfer-deep");
        String json = "{\"a\": ".repeat(40) + "1" + "}".repeat(40);
        String yaml = "{a: ".repeat(40) + "1" + "}".repeat(40);

        malformed("xfer-deep", "json", json).body("detail", containsString("nested deeper than 32"));
        malformed("xfer-deep", "yaml", yaml).body("detail", containsString("nested deeper than 32"));
        malformed("xfer-deep", "json", "[".repeat(100_000));

        assertEquals(before, revision("xfer-deep"));
    }
}
