package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.liveconfig.testing.Await;
import io.liveconfig.testing.ServerProcess;

/**
 * The quotas of {@code liveconfig.limits} and the retention of history and audit, on a server of its own with small
 * limits (the shared test server keeps the defaults, which other tests rely on): every refusal names its setting and
 * changes nothing; pruning keeps the last revisions, never the current one, and rollbacks within them still work.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // they share the quota of namespaces
class LimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE = "urn:liveconfig:problem:limit-exceeded";
    private static ServerProcess server;

    @BeforeAll
    static void startServer() {
        server = ServerProcess.builder(Path.of(System.getProperty("liveconfig.server.app-dir")))
                .jvmOptions(List.of("-Dliveconfig.limits.namespaces-per-server=4",
                        "-Dliveconfig.limits.keys-per-namespace=5", "-Dliveconfig.limits.bytes-per-value=100",
                        "-Dliveconfig.limits.bytes-per-namespace=400", "-Dliveconfig.limits.changes-per-change-set=4",
                        "-Dliveconfig.history.keep-revisions=3", "-Dliveconfig.history.prune-interval=1s",
                        "-Dliveconfig.history.prune-batch=2", "-Dliveconfig.audit.retention=4s"))
                .start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(2)
    void refusesEachLimitNamingItAndChangesNothing() throws Exception {
        create("quota-keys");
        // 51 characters, 102 UTF-8 bytes: the limit counts bytes
        JsonNode value = refused(413, send("PUT", "/api/v1/namespaces/quota-keys/entries/a",
                "{\"value\":\"" + "é".repeat(51) + "\"}"), "bytes-per-value");
        assertEquals("102", value.path("violations").get(0).path("message").asText().replaceAll(".*reached ", ""));
        refused(413, send("POST", "/api/v1/namespaces/quota-keys/changes",
                "{\"put\":{\"a\":\"1\",\"b\":\"1\",\"c\":\"1\"},\"delete\":[\"x\",\"y\"]}"), "changes-per-change-set");
        assertEquals(200, send("POST", "/api/v1/namespaces/quota-keys/changes",
                "{\"put\":{\"a\":\"1\",\"b\":\"1\",\"c\":\"1\",\"d\":\"1\"}}").statusCode());
        refused(422, send("POST", "/api/v1/namespaces/quota-keys/changes", "{\"put\":{\"e\":\"1\",\"f\":\"1\"}}"),
                "keys-per-namespace");
        refused(422, send("POST", "/api/v1/namespaces/quota-keys/validate", "{\"put\":{\"e\":\"1\",\"f\":\"1\"}}"),
                "keys-per-namespace");
        JsonNode namespace = body(send("GET", "/api/v1/namespaces/quota-keys", null));
        assertEquals(4, namespace.path("entryCount").asInt());
        assertEquals(2, namespace.path("revision").asInt());

        create("quota-bytes");
        String hundred = "v".repeat(99); // 101 bytes with its key
        for (String key : List.of("k1", "k2", "k3")) {
            assertEquals(200, send("PUT", "/api/v1/namespaces/quota-bytes/entries/" + key,
                    "{\"value\":\"" + hundred + "\"}").statusCode());
        }
        refused(422, send("PUT", "/api/v1/namespaces/quota-bytes/entries/k4", "{\"value\":\"" + hundred + "\"}"),
                "bytes-per-namespace");
        // replacing a value with one as long does not grow the namespace
        assertEquals(200, send("PUT", "/api/v1/namespaces/quota-bytes/entries/k1",
                "{\"value\":\"" + "w".repeat(99) + "\"}").statusCode());

        create("quota-third");
        create("quota-fourth");
        refused(422, send("POST", "/api/v1/namespaces", "{\"name\":\"quota-fifth\"}"), "namespaces-per-server");
        assertEquals(404, send("GET", "/api/v1/namespaces/quota-fifth", null).statusCode());
        assertEquals(200, send("DELETE", "/api/v1/namespaces/quota-fourth", null).statusCode());
        create("quota-fifth"); // the quota counts namespaces that are not deleted
        for (String name : List.of("quota-keys", "quota-bytes", "quota-third", "quota-fifth")) {
            assertEquals(200, send("DELETE", "/api/v1/namespaces/" + name, null).statusCode());
        }
    }

    @Test
    @Order(1)
    void pagesTheNamespaces() throws Exception {
        create("page-a");
        create("page-b");
        HttpResponse<String> first = send("GET", "/api/v1/namespaces?limit=1", null);
        assertEquals(200, first.statusCode());
        assertEquals(1, body(first).size());
        String next = first.headers().firstValue("Link").orElseThrow();
        assertTrue(next.endsWith(">; rel=\"next\""), next);
        String url = next.substring(1, next.indexOf('>'));
        JsonNode second = body(send("GET", url, null));
        assertTrue(second.get(0).path("name").asText().compareTo(body(first).get(0).path("name").asText()) > 0);
        assertEquals(400, send("GET", "/api/v1/namespaces?limit=0", null).statusCode());
        assertEquals(400, send("GET", "/api/v1/namespaces?limit=1001", null).statusCode());
        assertEquals(200, send("DELETE", "/api/v1/namespaces/page-a", null).statusCode());
        assertEquals(200, send("DELETE", "/api/v1/namespaces/page-b", null).statusCode());
    }

    @Test
    @Order(3)
    void prunesHistoryKeepingTheLastRevisionsAndRollbacksWithinThem() throws Exception {
        create("retained"); // revision 1
        assertEquals(200, send("PUT", "/api/v1/namespaces/retained/entries/early", "{\"value\":\"e\"}").statusCode());
        for (int i = 3; i <= 8; i++) {
            assertEquals(200, send("PUT", "/api/v1/namespaces/retained/entries/x", "{\"value\":\"" + i + "\"}")
                    .statusCode());
        }
        // 8 revisions, 3 kept: 6, 7, 8
        Await.until(Duration.ofSeconds(20), () -> status("/api/v1/namespaces/retained/revisions/5") == 410,
                "revision 5 pruned");
        JsonNode pruned = body(send("GET", "/api/v1/namespaces/retained/revisions/2", null));
        assertEquals("urn:liveconfig:problem:revision-pruned", pruned.path("type").asText());
        assertEquals(410, send("GET", "/api/v1/namespaces/retained/revisions/2/diff/8", null).statusCode());
        assertEquals(410, send("POST", "/api/v1/namespaces/retained/revisions/3/rollback", "{}").statusCode());
        JsonNode list = body(send("GET", "/api/v1/namespaces/retained/revisions", null)).path("revisions");
        assertEquals(3, list.size(), list.toString());
        assertEquals(8, list.get(0).path("revision").asInt());
        // the oldest kept revision still has the key its pruned revision 2 wrote
        JsonNode at6 = body(send("GET", "/api/v1/namespaces/retained/revisions/6/entries", null)).path("entries");
        assertEquals("e", at6.path("early").asText());
        assertEquals("6", at6.path("x").asText());

        assertEquals(200, send("POST", "/api/v1/namespaces/retained/revisions/6/rollback", "{}").statusCode());
        JsonNode entries = body(send("GET", "/api/v1/namespaces/retained/entries", null)).path("entries");
        assertEquals("6", entries.path("x").asText());
        assertEquals("e", entries.path("early").asText());
        // the current revision is always kept, and so its content
        Await.until(Duration.ofSeconds(20), () -> status("/api/v1/namespaces/retained/revisions/6") == 410,
                "revision 6 pruned");
        assertEquals(200, send("GET", "/api/v1/namespaces/retained/revisions/9", null).statusCode());
        assertEquals("e", body(send("GET", "/api/v1/namespaces/retained/revisions/9/entries", null))
                .path("entries").path("early").asText());
    }

    @Test
    @Order(4)
    void prunesAuditEventsOlderThanItsRetention() throws Exception {
        create("audited");
        Await.until(Duration.ofSeconds(30), () -> !audit("audited").contains("\"create\""),
                "the create's audit event pruned");
        assertEquals(200, send("PUT", "/api/v1/namespaces/audited/entries/a", "{\"value\":\"1\"}").statusCode());
        assertFalse(audit("audited").contains("\"create\""));
        assertTrue(audit("audited").contains("\"change\""), "a new event stays until it is as old as the retention");
    }

    private static String audit(String namespace) {
        try {
            return send("GET", "/api/v1/audit?namespace=" + namespace, null).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int status(String path) {
        try {
            return send("GET", path, null).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void create(String name) throws Exception {
        assertEquals(201, send("POST", "/api/v1/namespaces", "{\"name\":\"" + name + "\"}").statusCode());
    }

    private static JsonNode refused(int status, HttpResponse<String> response, String setting) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = body(response);
        assertEquals(TYPE, problem.path("type").asText());
        assertEquals("liveconfig.limits." + setting, problem.path("violations").get(0).path("field").asText());
        return problem;
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String json) throws Exception {
        return server.send(method, path, json);
    }
}
