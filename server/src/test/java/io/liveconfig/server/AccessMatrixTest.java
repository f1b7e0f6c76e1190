package io.liveconfig.server;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import io.liveconfig.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every route of the API, as the generated OpenAPI document lists it, and the {@code /q/} endpoints, called by each
 * kind of caller: the exact status each gets. A route without a rule here fails the test, so that no new endpoint ships
 * without a decision on who may call it.
 */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class AccessMatrixTest {

    /** Who calls. The namespaces under test are {@code matrix-…}; the "other" ones are {@code other-…}. */
    enum Who {
        ANONYMOUS, READER_OF_OTHER, READER, WRITER, ADMIN_OF_OTHER, ADMIN, GLOBAL_ADMIN, EXPIRED, REVOKED
    }

    /** What a route asks of its caller. */
    enum Need {
        /** Nothing: open to probes and readers of the documentation. */
        NOTHING,
        /** Any valid token. */
        IDENTITY, READER(Who.READER, Who.WRITER, Who.ADMIN, Who.GLOBAL_ADMIN), WRITER(Who.WRITER, Who.ADMIN,
                Who.GLOBAL_ADMIN), ADMIN(Who.ADMIN, Who.GLOBAL_ADMIN),
        /** An admin of any namespace. */
        SOME_ADMIN(Who.ADMIN_OF_OTHER, Who.ADMIN, Who.GLOBAL_ADMIN), GLOBAL_ADMIN(Who.GLOBAL_ADMIN);

        private final Set<Who> allowed;

        Need(Who... allowed) {
            this.allowed = allowed.length == 0 ? EnumSet.noneOf(Who.class) : EnumSet.of(allowed[0], allowed);
        }

        int expected(Who who, int success) {
            if (this == NOTHING) {
                return success;
            }
            if (who == Who.ANONYMOUS || who == Who.EXPIRED || who == Who.REVOKED) {
                return 401;
            }
            return this == IDENTITY || allowed.contains(who) ? success : 403;
        }
    }

    /** What each call acts on, made fresh by the global admin so that one caller's success cannot hide another's. */
    record Fixture(String namespace, String tokenId) {
    }

    /** One way to call a route, the status it gets when allowed, and what it asks of its caller. */
    record Case(String label, Need need, int success, BiFunction<RequestSpecification, Fixture, Response> call) {
    }

    private static final String NS = "/api/v1/namespaces/";
    private static final boolean POSTGRESQL = "postgresql".equals(System.getProperty("testing.database"));
    private static final AtomicInteger FIXTURES = new AtomicInteger();
    private static final Map<Who, String> TOKENS = new LinkedHashMap<>();

    /** The rules, by route as OpenAPI names it. */
    private static final Map<String, List<Case>> RULES = new LinkedHashMap<>();

    static {
        rule("GET /api/v1/namespaces", Need.IDENTITY, 200, (call, f) -> call.get("/api/v1/namespaces"));
        rule("POST /api/v1/namespaces", Need.ADMIN, 201, (call, f) -> json(call)
                .body(Map.of("name", f.namespace() + "-new")).post("/api/v1/namespaces"));
        rule("GET /api/v1/namespaces/{namespace}", Need.READER, 200, (call, f) -> call.get(NS + f.namespace()));
        rule("DELETE /api/v1/namespaces/{namespace}", Need.ADMIN, 200, (call, f) -> call.delete(NS + f.namespace()));
        rule("PUT /api/v1/namespaces/{namespace}/settings", Need.ADMIN, 200, (call, f) -> json(call)
                .body(Map.of("requireIfMatch", false)).put(NS + f.namespace() + "/settings"));
        rule("GET /api/v1/namespaces/{namespace}/entries", Need.READER, 200,
                (call, f) -> call.get(NS + f.namespace() + "/entries"));
        rule("GET /api/v1/namespaces/{namespace}/entries/{key}", Need.READER, 200,
                (call, f) -> call.get(NS + f.namespace() + "/entries/a"));
        rule("PUT /api/v1/namespaces/{namespace}/entries/{key}", Need.WRITER, 200, (call, f) -> json(call)
                .body(Map.of("value", "2")).put(NS + f.namespace() + "/entries/a"));
        rule("DELETE /api/v1/namespaces/{namespace}/entries/{key}", Need.WRITER, 200,
                (call, f) -> call.delete(NS + f.namespace() + "/entries/a"));
        rule("POST /api/v1/namespaces/{namespace}/changes", Need.WRITER, 200, (call, f) -> json(call)
                .body(Map.of("put", Map.of("b", "2"))).post(NS + f.namespace() + "/changes"));
        rule("POST /api/v1/namespaces/{namespace}/validate", Need.WRITER, 200, (call, f) -> json(call)
                .body(Map.of("put", Map.of("b", "2"))).post(NS + f.namespace() + "/validate"));
        rule("GET /api/v1/namespaces/{namespace}/schema", Need.READER, 200,
                (call, f) -> call.get(NS + f.namespace() + "/schema"));
        rule("PUT /api/v1/namespaces/{namespace}/schema", Need.ADMIN, 200, (call, f) -> json(call)
                .body(Map.of("rules", List.of())).put(NS + f.namespace() + "/schema"));
        rule("GET /api/v1/namespaces/{namespace}/revisions", Need.READER, 200,
                (call, f) -> call.get(NS + f.namespace() + "/revisions"));
        rule("GET /api/v1/namespaces/{namespace}/revisions/{revision}", Need.READER, 200,
                (call, f) -> call.get(NS + f.namespace() + "/revisions/2"));
        rule("GET /api/v1/namespaces/{namespace}/revisions/{revision}/entries", Need.READER, 200,
                (call, f) -> call.get(NS + f.namespace() + "/revisions/2/entries"));
        rule("GET /api/v1/namespaces/{namespace}/revisions/{from}/diff/{to}", Need.READER, 200,
                (call, f) -> call.get(NS + f.namespace() + "/revisions/1/diff/2"));
        rule("POST /api/v1/namespaces/{namespace}/revisions/{revision}/rollback", Need.WRITER, 200,
                (call, f) -> json(call).post(NS + f.namespace() + "/revisions/1/rollback"));
        rule("GET /api/v1/namespaces/{namespace}/export", Need.READER, 200,
                (call, f) -> call.get(NS + f.namespace() + "/export"));
        rule("POST /api/v1/namespaces/{namespace}/import", Need.WRITER, 200, (call, f) -> call
                .contentType("text/x-java-properties").body("b=2").post(NS + f.namespace() + "/import"));
        rule("GET /api/v1/namespaces/{namespace}/instances", Need.READER, 200,
                (call, f) -> call.get(NS + f.namespace() + "/instances"));
        rule("GET /api/v1/audit", Need.GLOBAL_ADMIN, 200, (call, f) -> call.get("/api/v1/audit"));
        rule("GET /api/v1/audit", Need.ADMIN, 200,
                (call, f) -> call.queryParam("namespace", f.namespace()).get("/api/v1/audit"));
        rule("POST /api/v1/backups", Need.GLOBAL_ADMIN, POSTGRESQL ? 409 : 200,
                (call, f) -> call.post("/api/v1/backups"));
        rule("GET /api/v1/signing-keys", Need.IDENTITY, 200, (call, f) -> call.get("/api/v1/signing-keys"));
        rule("POST /api/v1/signing-keys", Need.GLOBAL_ADMIN, 201, (call, f) -> {
            Response response = call.post("/api/v1/signing-keys");
            if (response.statusCode() == 201) { // leaves the keys as other tests expect them
                given().delete("/api/v1/signing-keys/" + response.path("id")).then().statusCode(204);
            }
            return response;
        });
        rule("POST /api/v1/signing-keys/{id}/activate", Need.GLOBAL_ADMIN, 404,
                (call, f) -> call.post("/api/v1/signing-keys/none/activate"));
        rule("DELETE /api/v1/signing-keys/{id}", Need.GLOBAL_ADMIN, 404,
                (call, f) -> call.delete("/api/v1/signing-keys/none"));
        rule("GET /api/v1/tokens", Need.SOME_ADMIN, 200, (call, f) -> call.get("/api/v1/tokens"));
        rule("POST /api/v1/tokens", Need.ADMIN, 201, (call, f) -> json(call).body(Map.of("name", f.namespace(),
                "roles", List.of("reader:" + f.namespace()))).post("/api/v1/tokens"));
        rule("DELETE /api/v1/tokens/{id}", Need.ADMIN, 204, (call, f) -> call.delete("/api/v1/tokens/" + f.tokenId()));
    }

    /** The endpoints outside the OpenAPI document. */
    private static final Map<String, List<Case>> OTHER = new LinkedHashMap<>();

    static {
        for (String health : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started")) {
            OTHER.put("GET " + health, List.of(new Case(health, Need.NOTHING, 200, (call, f) -> call.get(health))));
        }
        OTHER.put("GET /q/openapi",
                List.of(new Case("openapi", Need.NOTHING, 200, (call, f) -> call.get("/q/openapi"))));
        OTHER.put("GET /q/swagger-ui", List.of(new Case("swagger", Need.NOTHING, 200,
                (call, f) -> call.get("/q/swagger-ui/index.html"))));
        OTHER.put("GET /q/metrics",
                List.of(new Case("metrics", Need.IDENTITY, 200, (call, f) -> call.get("/q/metrics"))));
    }

    private static void rule(String route, Need need, int success,
            BiFunction<RequestSpecification, Fixture, Response> call) {
        RULES.computeIfAbsent(route, r -> new ArrayList<>()).add(new Case(route, need, success, call));
    }

    private static RequestSpecification json(RequestSpecification call) {
        return call.contentType(ContentType.JSON);
    }

    /** Once, from the first test: RestAssured knows the server's port only once a test runs. */
    private static synchronized void tokens() throws InterruptedException {
        if (!TOKENS.isEmpty()) {
            return;
        }
        TOKENS.put(Who.GLOBAL_ADMIN, TestTokens.ADMIN);
        TOKENS.put(Who.READER_OF_OTHER, Api.token("matrix-reader-of-other", "reader:other-*"));
        TOKENS.put(Who.READER, Api.token("matrix-reader", "reader:matrix-*"));
        TOKENS.put(Who.WRITER, Api.token("matrix-writer", "writer:matrix-*"));
        TOKENS.put(Who.ADMIN_OF_OTHER, Api.token("matrix-admin-of-other", "admin:other-*"));
        TOKENS.put(Who.ADMIN, Api.token("matrix-admin", "admin:matrix-*"));
        Instant soon = Instant.now().plusMillis(1500);
        TOKENS.put(Who.EXPIRED, Api.json().body(Map.of("name", "matrix-expired", "roles", List.of("admin"),
                "expiresAt", soon.toString())).post("/api/v1/tokens").then().statusCode(201).extract().path("token"));
        Response revoked = Api.json().body(Map.of("name", "matrix-revoked", "roles", List.of("admin")))
                .post("/api/v1/tokens");
        given().delete("/api/v1/tokens/" + revoked.path("id")).then().statusCode(204);
        TOKENS.put(Who.REVOKED, revoked.path("token"));
        Api.as(TOKENS.get(Who.EXPIRED)).get("/api/v1/namespaces").then().statusCode(200); // works until it expires
        Thread.sleep(Math.max(0, soon.toEpochMilli() - System.currentTimeMillis() + 100));
    }

    @Test
    void everyRouteOfTheOpenApiDocumentHasARule() {
        JsonPath document = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        Set<String> routes = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(method -> Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method))
                .forEach(method -> routes.add(method.toUpperCase() + " " + path)));
        assertEquals(new TreeSet<>(RULES.keySet()), routes, "every route needs a rule in this test, and every rule a "
                + "route");
        assertEquals("bearer", document.getString("components.securitySchemes.bearer.scheme"), document.prettify());
        assertEquals(List.of(), document.getList("paths.'/api/v1/namespaces'.get.security.bearer[0]"));
    }

    @Test
    void everyCallerGetsExactlyWhatItsGrantsAllow() throws InterruptedException {
        tokens();
        List<String> wrong = new ArrayList<>();
        Fixture forReads = fixture(); // reads change nothing, so they share one
        int calls = 0;
        for (Map<String, List<Case>> table : List.of(RULES, OTHER)) {
            for (List<Case> cases : table.values()) {
                for (Case rule : cases) {
                    for (Who who : Who.values()) {
                        int expected = rule.need().expected(who, rule.success());
                        Fixture fixture = rule.label().startsWith("GET ") ? forReads : fixture();
                        Response response = rule.call().apply(as(who), fixture);
                        calls++;
                        if (response.statusCode() != expected) {
                            wrong.add(rule.label() + " as " + who + ": " + response.statusCode() + ", expected "
                                    + expected + " " + response.body().asString());
                        } else if (expected == 401 || expected == 403) {
                            checkRefusal(rule, who, response, wrong);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "of " + calls + " calls");
    }

    private static void checkRefusal(Case rule, Who who, Response response, List<String> wrong) {
        String where = rule.label() + " as " + who;
        if (!response.contentType().startsWith("application/problem+json")) {
            wrong.add(where + ": content type " + response.contentType());
        }
        if (response.statusCode() == 401
                && !"Bearer realm=\"liveconfig\"".equals(response.header("WWW-Authenticate"))) {
            wrong.add(where + ": WWW-Authenticate " + response.header("WWW-Authenticate"));
        }
    }

    private static RequestSpecification as(Who who) {
        return who == Who.ANONYMOUS ? Api.anonymous() : Api.as(TOKENS.get(who));
    }

    /** A namespace {@code matrix-<n>} at revision 2 (a=1), and a token that reads only it. */
    private static Fixture fixture() {
        String namespace = "matrix-" + FIXTURES.incrementAndGet();
        Api.createNamespace(namespace);
        Api.put(namespace, "a", "1").statusCode(200);
        String tokenId = Api.json().body(Map.of("name", namespace + "-reader", "roles", List.of("reader:" + namespace)))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("id");
        return new Fixture(namespace, tokenId);
    }
}
