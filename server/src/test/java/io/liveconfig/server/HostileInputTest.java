package io.liveconfig.server;

import static io.liveconfig.server.Api.change;
import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static io.liveconfig.server.Api.revision;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Input an attacker or a careless client sends: refused as what it is, with a problem that says where, and nothing
 * changes. Patterns cannot stall a write, long keys cannot overflow a stack, and no string the API accepts can break an
 * answer later.
 */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class HostileInputTest {

    private static final String BASE = "/api/v1/namespaces/";

    private static ValidatableResponse createRaw(String body) {
        return json().body(body).post("/api/v1/namespaces").then();
    }

    private static ValidatableResponse changeRaw(String namespace, String body) {
        return json().body(body).post(BASE + namespace + "/changes").then();
    }

    private static ValidatableResponse schema(String namespace, Map<String, Object> rule) {
        return json().body(Map.of("rules", List.of(rule))).put(BASE + namespace + "/schema").then();
    }

    private static void unchanged(String namespace, int revision) {
        assertEquals(revision, revision(namespace));
    }

    @Test
    void duplicateMembersAreRefusedNotLastWins() {
        createRaw("{\"name\":\"dup-a\",\"name\":\"dup-b\"}").statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("member 'name' appears twice"));
        given().get(BASE + "dup-b").then().statusCode(404);
        given().get(BASE + "dup-a").then().statusCode(404);
        createNamespace("dup");
        changeRaw("dup", "{\"put\":{\"a\":\"1\",\"a\":\"2\"}}").statusCode(400)
                .body("detail", containsString("member 'a' appears twice"));
        unchanged("dup", 1);
    }

    @Test
    void valuesOfTheWrongJsonTypeAreRefusedNotCoerced() {
        createRaw("{\"name\":1}").statusCode(400).body("violations[0].field", equalTo("name"))
                .body("violations[0].message", equalTo("must be a string"));
        given().get(BASE + "1").then().statusCode(404);
        for (String requireIfMatch : List.of("2", "\"true\"", "null", "1.5", "[true]")) {
            createRaw("{\"name\":\"coerced\",\"requireIfMatch\":" + requireIfMatch + "}").statusCode(400)
                    .body("type", equalTo("urn:liveconfig:problem:unreadable-body"))
                    .body("violations[0].field", equalTo("requireIfMatch"));
        }
        given().get(BASE + "coerced").then().statusCode(404);
        createNamespace("coercion");
        changeRaw("coercion", "{\"put\":{\"a\":1}}").statusCode(400);
        changeRaw("coercion", "{\"put\":{\"a\":true}}").statusCode(400);
        changeRaw("coercion", "{\"put\":{\"a\":\"1\"}} {}").statusCode(400);
        json().body("{\"requireIfMatch\":\"false\"}").put(BASE + "coercion/settings").then().statusCode(400);
        unchanged("coercion", 1);
    }

    @Test
    void loneSurrogatesAndControlCharactersAreRefusedEverywhere() {
        createNamespace("text");
        for (String value : List.of("\ud800", "a\udc00b", "\u001b[31mred", "x\u0000", "\u0085")) {
            Api.put("text", "k", value).statusCode(400).body("violations[0].field", equalTo("body.value"));
            change("text", Map.of("put", Map.of("k", "v"), "note", value)).statusCode(400)
                    .body("violations[0].field", equalTo("body.note"));
        }
        // JSON escapes reach the server as lone surrogates too.
        changeRaw("text", "{\"put\":{\"k\":\"\\ud800\"}}").statusCode(400)
                .body("violations[0].message", containsString("lone UTF-16 surrogate U+D800 at position 0"));
        unchanged("text", 1);
        // Tabs and line breaks are text: a PEM certificate is a value.
        Api.put("text", "cert", "-----BEGIN-----\r\n\tabc\n-----END-----").statusCode(200);
        given().get("/api/v1/audit?namespace=text").then().statusCode(200);
    }

    @Test
    void quotedKeyPartsAreTextToo() {
        createNamespace("quoted-text");
        changeRaw("quoted-text", "{\"put\":{\"a.\\\"\\ud800\\\"\":\"v\"}}").statusCode(400);
        changeRaw("quoted-text", "{\"put\":{\"a.\\\"x\\u0085\\\"\":\"v\"}}").statusCode(400);
        unchanged("quoted-text", 1);
        given().get("/api/v1/audit?namespace=quoted-text").then().statusCode(200);
    }

    @Test
    void aRegexPatternValueThatWouldOverflowTheCompilerIsRefused() {
        createNamespace("regex-values");
        schema("regex-values", Map.of("key", "match", "type", "regex-pattern")).statusCode(200);
        Api.put("regex-values", "match", "(".repeat(30_000) + ")".repeat(30_000)).statusCode(422)
                .body("violations[0].rule", equalTo("type"));
        Api.put("regex-values", "match", "[a-z]+\\d").statusCode(200);
    }

    @Test
    void longKeysAreRefusedWithoutOverflowingTheStack() {
        createNamespace("long-keys");
        String key = "a".repeat(5_000);
        String pathKey = "a".repeat(3_000); // within the longest request line
        given().get(BASE + "long-keys/entries/" + pathKey).then().statusCode(400)
                .contentType("application/problem+json");
        Api.put("long-keys", pathKey, "v").statusCode(400);
        change("long-keys", Map.of("put", Map.of(key, "v"))).statusCode(400);
        String dotted = "a.".repeat(2_000) + "a";
        change("long-keys", Map.of("put", Map.of(dotted, "v"))).statusCode(400);
        unchanged("long-keys", 1);
    }

    @Test
    void propertyNamesFollowTheMicroProfileGrammar() {
        createNamespace("grammar");
        for (String good : List.of("a", "app.timeout", "%dev.app.timeout", "%dev,test.a", "app.\"quoted.part\".size",
                "list[0]", "a-b_c")) {
            Api.put("grammar", good, "v").statusCode(200);
        }
        for (String bad : List.of("a..b", ".a", "a.", "%.a", "%dev", "a b", "a\"b", "app.\"\".x", "é")) {
            change("grammar", Map.of("put", Map.of(bad, "v"))).statusCode(400);
        }
    }

    @Test
    void backtrackingPatternsRunInLinearTime() {
        createNamespace("redos");
        schema("redos", Map.of("key", "a", "type", "string", "pattern", "(.*a){12}")).statusCode(200);
        int before = revision("redos");
        // 8 s on a backtracking engine at 30 characters, doubling every two: instant on RE2.
        Api.put("redos", "a", "a".repeat(30) + "!").statusCode(422).body("violations[0].rule", equalTo("pattern"));
        json().body(Map.of("put", Map.of("a", "a".repeat(60_000) + "!")))
                .post(BASE + "redos/validate").then().statusCode(422).body("violations[0].rule", equalTo("pattern"));
        schema("redos", Map.of("key", "b", "type", "string", "pattern", "(a|b)*")).statusCode(200);
        Api.put("redos", "b", "ab".repeat(20_000) + "c").statusCode(422);
        Api.put("redos", "b", "ab".repeat(20_000)).statusCode(200);
        assertEquals(before + 2, revision("redos"));
    }

    @Test
    void patternsOutsideLinearTimeRe2AreRefused() {
        createNamespace("re2");
        schema("re2", Map.of("key", "a", "type", "string", "pattern", "(a)\\1")).statusCode(400)
                .body("violations[0].field", equalTo("rules[0].pattern"))
                .body("violations[0].message", startsWith("is not a valid RE2 regular expression"));
        schema("re2", Map.of("key", "a", "type", "string", "pattern", "((a{100}){100}){100}")).statusCode(400)
                .body("violations[0].message", containsString("multiply to more than 1000"));
        schema("re2", Map.of("key", "a", "type", "string", "pattern", "(a{10}){100}")).statusCode(200);
        schema("re2", Map.of("key", "a", "type", "string", "pattern", "\\x{2014}{1000}\\p{Greek}{2}")).statusCode(200);
    }

    @Test
    void parametersOfTheWrongTypeAreA400NamingThem() {
        createNamespace("params");
        for (String query : List.of("page=abc", "page=1.5", "size=99999999999", "page=+1", "page=01", "page=%D9%A1")) {
            given().get(BASE + "params/revisions?" + query).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("violations[0].field", equalTo(query.substring(0, query.indexOf('='))));
        }
        given().body("a=1").contentType("text/x-java-properties").post(BASE + "params/import?dryRun=2").then()
                .statusCode(400).body("violations[0].field", equalTo("dryRun"))
                .body("violations[0].message", equalTo("must be true or false"));
        json().body("{}").post(BASE + "params/revisions/x/rollback").then().statusCode(400)
                .body("violations[0].field", equalTo("revision"));
        unchanged("params", 1);
    }

    @Test
    void schemaRulesAreTextAndKeysAreGlobsOfPropertyNames() {
        createNamespace("rule-text");
        for (Map<String, Object> rule : List.of(Map.<String, Object>of("key", "\u007f", "type", "string"),
                Map.<String, Object>of("key", "a..b", "type", "string"),
                Map.<String, Object>of("key", "a", "type", "string", "description", "\u001b[2J"))) {
            schema("rule-text", rule).statusCode(400);
        }
        schema("rule-text", Map.of("key", "db.*.password", "type", "string")).statusCode(200);
    }

    @Test
    void boundsMustBeFiniteNumbers() {
        createNamespace("bounds");
        for (String bound : List.of("NaN", "Infinity", "-Infinity")) {
            schema("bounds", Map.of("key", "r", "type", "double", "min", bound)).statusCode(400)
                    .body("violations[0].field", equalTo("rules[0].min"));
        }
        schema("bounds", Map.of("key", "r", "type", "double", "min", 1)).statusCode(400);
    }

    @Test
    void checksThatOutlastTheirLimitRefuseTheWrite() {
        createNamespace("slow-checks");
        // Linear, but 1,000 live states times 60,000 characters per value, for 15 values: over the limit of 2s.
        schema("slow-checks", Map.of("key", "k*", "type", "string", "pattern", ".*[ab]{1000}x")).statusCode(200);
        int before = revision("slow-checks");
        Map<String, String> puts = new java.util.TreeMap<>();
        for (int i = 0; i < 15; i++) {
            puts.put("k" + i, "ab".repeat(30_000));
        }
        change("slow-checks", Map.of("put", puts)).statusCode(422)
                .body("type", equalTo("urn:liveconfig:problem:checks-too-slow"))
                .body("detail", containsString("longer than 2s"));
        assertEquals(before, revision("slow-checks"));
    }
}
