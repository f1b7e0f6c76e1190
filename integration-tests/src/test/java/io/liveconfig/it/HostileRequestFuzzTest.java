package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.liveconfig.it.HostileRequests.Operation;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.TestTokens;

/**
 * Thousands of hostile requests, generated from a fixed seed ({@code -Dfuzz.seed} to replay another), over every route
 * of the server's own OpenAPI document and over raw HTTP: malformed and wrongly typed JSON, duplicate and unknown keys,
 * huge and deeply nested bodies, long keys, control characters and lone surrogates, path tricks, hostile imports and
 * pathological schema patterns. No answer may be a 5xx, every refusal is problem+json, no request takes longer than a
 * bound, hostile requests that a strict server must refuse are refused, and a canary namespace that is only ever read
 * is unchanged afterwards. One server of its own, so that the canary and the counts owe nothing to other tests. All
 * failures are collected and reported together, by kind.
 */
class HostileRequestFuzzTest {

    private static final long DEFAULT_SEED = 20_261_201L;
    private static final int REQUESTS = 2_400;
    private static final int MIN_REQUESTS = 2_000;
    /** The routes of the document when this test was written; fewer means the document lost some. */
    private static final int MIN_OPERATIONS = 30;
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(5);
    private static final Duration FUZZ_BUDGET = Duration.ofSeconds(120);
    private static final Duration PATTERN_BUDGET = Duration.ofSeconds(30);
    /** This many requests in a row without an answer within the bound: the server is stalled, and the fuzz stops. */
    private static final int STALLED = 3;
    private static final String CANARY = "fz-canary";
    private static final List<String> SCRATCH = List.of("fz-0", "fz-1", "fz-2", "fz-3", "fz-4", "fz-5");

    private static ServerProcess server;
    private static int port;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Map<String, List<String>>> failures = new TreeMap<>();
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private final Map<String, Map<String, Integer>> byKind = new TreeMap<>();
    private final Map<String, Integer> byOperation = new TreeMap<>();
    private long worstNanos;
    private String worst = "";
    private int sent;
    private int unanswered;
    private int unframed;

    @BeforeAll
    static void startServer() {
        server = ServerProcess.builder(Path.of(System.getProperty("liveconfig.server.app-dir"))).start();
        port = URI.create(server.url()).getPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void noHostileRequestGetsA5xxAnUnstructuredRefusalOrASlowAnswerAndTheCanaryIsUntouched() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        System.out.printf("hostile request fuzz: seed %d (replay with -Dfuzz.seed=%d)%n", seed, seed);

        JsonNode openApi = json.readTree(server.send("GET", "/q/openapi?format=json", null).body());
        List<Operation> operations = HostileRequests.operations(openApi);
        assertTrue(operations.size() >= MIN_OPERATIONS, "the OpenAPI document lists only " + operations.size()
                + " operations, expected at least " + MIN_OPERATIONS + ": " + operations);
        Operation putSchema = operation(operations, "PUT", "/schema");
        Operation putEntry = operation(operations, "PUT", "/entries/{key}");
        Operation changes = operation(operations, "POST", "/changes");
        Operation validate = operation(operations, "POST", "/validate");
        Operation importFile = operation(operations, "POST", "/import");

        Map<String, String> canaryBefore = createCanary();
        HostileRequests generator = new HostileRequests(seed, openApi, SCRATCH, CANARY);
        long start = System.nanoTime();
        long deadline = start + FUZZ_BUDGET.toNanos();
        while (sent < REQUESTS && System.nanoTime() < deadline && answering()) {
            prepareScratch();
            // One round: every operation with every kind, then hostile imports.
            for (String kind : HostileRequests.PER_OPERATION) {
                for (Operation operation : operations) {
                    if (System.nanoTime() < deadline && answering()) {
                        exchange(generator.next(operation, kind));
                    }
                }
                prepareScratch();
            }
            for (int i = 0; i < 2 * operations.size() && System.nanoTime() < deadline && answering(); i++) {
                exchange(generator.hostileImport(importFile));
            }
        }
        // Pathological patterns last: a server that one of them stalls would answer nothing after it.
        setUp("POST", "/api/v1/namespaces", "{\"name\":\"fz-re\"}");
        for (Hostile request : generator.pathologicalPatterns("fz-re", putSchema, putEntry, changes, validate,
                importFile)) {
            if (System.nanoTime() < deadline + PATTERN_BUDGET.toNanos() && answering()) {
                exchange(request);
            }
        }
        if (!answering()) {
            fail("server stopped answering", "all", STALLED + " requests in a row got no answer; the fuzz stopped "
                    + "after " + sent + " requests");
        }
        long elapsed = System.nanoTime() - start;
        if (sent < MIN_REQUESTS) {
            fail("budget", "all", "only " + sent + " requests within " + FUZZ_BUDGET.toSeconds() + " s");
        }

        Map<String, String> canaryAfter;
        try {
            canaryAfter = readCanary();
        } catch (java.io.IOException e) {
            canaryAfter = Map.of();
            fail("canary changed", "all", "unreadable: " + e);
        }
        for (String part : canaryBefore.keySet()) {
            if (!canaryBefore.get(part).equals(canaryAfter.get(part))) {
                fail("canary changed", part.replace(' ', '_'), "before: " + canaryBefore.get(part) + "\nafter:  "
                        + canaryAfter.get(part));
            }
        }
        String report = report(seed, operations.size(), elapsed);
        System.out.println(report);
        assertTrue(failures.isEmpty(), report);
    }

    private static Operation operation(List<Operation> operations, String method, String pathEnd) {
        return operations.stream().filter(o -> o.method().equals(method) && o.path().endsWith(pathEnd)).findFirst()
                .orElseThrow(() -> new AssertionError("the OpenAPI document has no " + method + " ..." + pathEnd));
    }

    // ---- the canary and the scratch namespaces ----

    private Map<String, String> createCanary() throws Exception {
        assertEquals(201, server.send("POST", "/api/v1/namespaces", "{\"name\":\"" + CANARY + "\"}").statusCode());
        assertEquals(200, server.send("PUT", "/api/v1/namespaces/" + CANARY + "/schema", "{\"rules\":["
                + "{\"key\":\"canary.port\",\"type\":\"int\",\"min\":\"1\",\"max\":\"65535\"},"
                + "{\"key\":\"canary.*\",\"type\":\"string\",\"maxLength\":100}],\"strict\":false}").statusCode());
        assertEquals(200, server.send("POST", "/api/v1/namespaces/" + CANARY + "/changes", "{\"put\":{"
                + "\"canary.port\":\"8080\",\"canary.name\":\"tweety\",\"canary.colour\":\"yellow\"},"
                + "\"note\":\"the canary\"}").statusCode());
        return readCanary();
    }

    private Map<String, String> readCanary() throws Exception {
        Map<String, String> parts = new LinkedHashMap<>();
        String base = "/api/v1/namespaces/" + CANARY;
        for (String path : List.of("", "/entries", "/schema", "/revisions", "/revisions/3/entries")) {
            var answer = server.send("GET", base + path, null);
            JsonNode body = json.readTree(answer.body());
            if (body.isObject()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("updatedAt");
            }
            parts.put("GET " + base + path, answer.statusCode() + " " + body);
        }
        return parts;
    }

    /** Puts the scratch namespaces back (hostile requests may delete them or make them require If-Match). */
    private void prepareScratch() {
        for (String namespace : SCRATCH) {
            setUp("POST", "/api/v1/namespaces", "{\"name\":\"" + namespace + "\"}");
            setUp("PUT", "/api/v1/namespaces/" + namespace + "/settings", "{\"requireIfMatch\":false}");
            setUp("POST", "/api/v1/namespaces/" + namespace + "/changes",
                    "{\"put\":{\"fz.k0\":\"0\",\"fz.k1\":\"1\",\"fz.k2\":\"2\",\"fz.k3\":\"3\"}}");
        }
    }

    /** A plain request of the set-up, checked like the hostile ones but not counted among them. */
    private void setUp(String method, String target, String body) {
        if (!answering()) {
            return;
        }
        Hostile request = new Hostile("set-up", method + " (set-up)", method, target).json(body)
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN));
        send(request);
    }

    // ---- sending and checking ----

    private void exchange(Hostile request) {
        sent++;
        byOperation.merge(request.operation, 1, Integer::sum);
        send(request);
    }

    private void send(Hostile request) {
        long begin = System.nanoTime();
        RawHttp.Reply reply = RawHttp.exchange(port, request.bytes(port), REQUEST_BOUND.plusSeconds(1));
        long nanos = System.nanoTime() - begin;
        String status = reply.status() < 0 ? "none" : Integer.toString(reply.status());
        byStatus.merge(status, 1, Integer::sum);
        byKind.computeIfAbsent(request.kind, kind -> new TreeMap<>()).merge(status, 1, Integer::sum);
        if (nanos > worstNanos) {
            worstNanos = nanos;
            worst = request.describe() + " -> " + status;
        }
        String seen = request.describe() + " -> " + status + (reply.body().length == 0
                ? ""
                : " " + RawHttp.abbreviate(reply.text()));
        unanswered = reply.status() < 0 && reply.failure().startsWith(RawHttp.NO_ANSWER) ? unanswered + 1 : 0;
        if (request.unframed) {
            // Below the server's routes (docs/security.md): a closed connection, after an empty 400 at most.
            unframed++;
            boolean closed = reply.status() < 0 && !reply.failure().startsWith(RawHttp.NO_ANSWER)
                    || reply.status() == 400 && "close".equalsIgnoreCase(reply.header("Connection"));
            if (!closed) {
                fail("unreadable framing not refused by closing", request.kind, seen + " (" + reply.failure() + ")");
            }
            if (nanos > REQUEST_BOUND.toNanos()) {
                fail("slower than " + REQUEST_BOUND.toSeconds() + " s", request.kind, (nanos / 1_000_000) + " ms: "
                        + seen);
            }
            return;
        }
        if (reply.status() < 0) {
            fail("no answer", request.kind, seen + " (" + reply.failure() + ")");
        }
        if (nanos > REQUEST_BOUND.toNanos()) {
            fail("slower than " + REQUEST_BOUND.toSeconds() + " s", request.kind, (nanos / 1_000_000) + " ms: " + seen);
        }
        if (reply.status() >= 500) {
            fail("5xx", request.kind, seen);
        }
        if (reply.status() >= 400) {
            String problem = problem(reply);
            if (problem != null) {
                fail("refusal not problem+json", request.kind, problem + ": " + seen + " (Content-Type "
                        + reply.header("Content-Type") + ")");
            }
        }
        if (reply.status() >= 200 && reply.status() < 400 && request.mustRefuse) {
            fail("accepted though it must be refused", request.kind, seen);
        }
    }

    /** Why the refusal is not a proper problem document, or null when it is. */
    private String problem(RawHttp.Reply reply) {
        String type = reply.header("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/problem+json")) {
            return "wrong media type";
        }
        try {
            JsonNode body = json.readTree(reply.body());
            if (body == null || !body.isObject()) {
                return "not a JSON object";
            }
            if (!body.path("type").isTextual() || !body.path("title").isTextual()) {
                return "no type or title";
            }
            if (body.path("status").asInt(-1) != reply.status()) {
                return "status " + body.path("status") + " in the body";
            }
            return null;
        } catch (Exception e) {
            return "body is not JSON";
        }
    }

    private boolean answering() {
        return unanswered < STALLED;
    }

    private void fail(String category, String kind, String example) {
        failures.computeIfAbsent(category, c -> new TreeMap<>()).computeIfAbsent(kind, k -> new ArrayList<>())
                .add(example);
    }

    private String report(long seed, int operations, long elapsedNanos) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nhostile request fuzz, seed %d: %d requests over %d operations in %.1f s%n",
                seed, sent, operations, elapsedNanos / 1e9));
        out.append("by status: ").append(byStatus).append('\n');
        out.append("by kind (status counts):\n");
        byKind.forEach((kind, counts) -> out.append(String.format("  %-22s %5d  %s%n", kind,
                counts.values().stream().mapToInt(Integer::intValue).sum(), counts)));
        out.append(String.format("worst request time: %d ms for %s%n", worstNanos / 1_000_000, worst));
        out.append(String.format("framing the HTTP codec cannot read, refused by closing the connection: %d%n",
                unframed));
        if (failures.isEmpty()) {
            out.append("no failures\n");
            return out.toString();
        }
        out.append("FAILURES by category and kind (count, first example):\n");
        failures.forEach((category, kinds) -> {
            out.append(String.format("  %s: %d%n", category, kinds.values().stream().mapToInt(List::size).sum()));
            kinds.forEach((kind, examples) -> out.append(String.format("    %-22s %5d  e.g. %s%n", kind,
                    examples.size(), examples.get(0))));
        });
        return out.toString();
    }
}
