package io.liveconfig.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.source.LiveConfigSettings;
import io.liveconfig.source.LiveConfigSource;
import io.liveconfig.testing.Await;
import io.liveconfig.testing.ServerProcess;
import io.liveconfig.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The real packaged server in its own process, this Quarkus app with the extension, and the Hazelcast cluster between
 * them, all on loopback.
 */
@QuarkusTest
@QuarkusTestResource(LiveConfigServerResource.class)
class EndToEndTest {

    private static final String NAMESPACE = "demo";
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(2);
    private static final List<Long> LATENCIES_MICROS = new ArrayList<>();
    private static final List<Long> ACK_MICROS = new ArrayList<>();

    ServerProcess server;

    @BeforeEach
    void namespaceExists() {
        int status = given().baseUri(server.url()).header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .contentType(ContentType.JSON).body(Map.of("name", NAMESPACE))
                .post("/api/v1/namespaces").statusCode();
        assertTrue(status == 201 || status == 409, "create namespace answered " + status);
    }

    @AfterAll
    static void reportLatencies() {
        report("REST write acknowledged", ACK_MICROS);
        report("REST write -> app sees value", LATENCIES_MICROS);
    }

    private static void report(String what, List<Long> micros) {
        if (micros.isEmpty()) {
            return;
        }
        List<Long> sorted = micros.stream().sorted().toList();
        System.out.printf("%s, %d samples: min %.2f ms, p50 %.2f ms, max %.2f ms; all: %s%n", what, sorted.size(),
                sorted.get(0) / 1000.0, sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0,
                micros.stream().map(us -> Long.toString(us / 1000)).toList());
    }

    @Test
    void writeThroughRestReachesTheAppWithinTwoSeconds() throws Exception {
        // Plain keep-alive HTTP for the timed path: REST Assured's own overhead would dominate the figure.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest appRead = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/config/greeting")).build();
        for (int i = 0; i < 20; i++) {
            String value = "hello-" + i + "-" + UUID.randomUUID();
            HttpRequest write = HttpRequest
                    .newBuilder(URI.create(server.url() + "/api/v1/namespaces/" + NAMESPACE + "/entries/greeting"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"" + value + "\"}"))
                    .build();
            long start = System.nanoTime();
            assertEquals(200, http.send(write, HttpResponse.BodyHandlers.discarding()).statusCode());
            ACK_MICROS.add((System.nanoTime() - start) / 1000);
            Await.until(PROPAGATION_BOUND, () -> value.equals(body(http, appRead)), "greeting = " + value);
            LATENCIES_MICROS.add((System.nanoTime() - start) / 1000);
        }
        assertEquals("LiveConfig[demo]", given().get("/config/sources/greeting").then().extract().asString());
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'liveconfig' }.data.connected", equalTo(true))
                .body("checks.find { it.name == 'liveconfig' }.data.stale", equalTo(false));
    }

    @Test
    void serverShowsWhichRevisionTheAppApplied() throws InterruptedException {
        put("report.key", UUID.randomUUID().toString());
        long revision = ((Number) given().baseUri(server.url())
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN)).get("/api/v1/namespaces/" + NAMESPACE)
                .path("revision"))
                .longValue();

        Await.until(Duration.ofSeconds(15), () -> {
            List<Number> applied = given().baseUri(server.url())
                    .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                    .get("/api/v1/namespaces/" + NAMESPACE + "/instances")
                    .path("findAll { it.app == 'liveconfig-integration-tests' }.revision");
            return applied.stream().anyMatch(r -> r.longValue() == revision);
        }, "the app reports revision " + revision);
    }

    @Test
    void changeSetIsNeverSeenHalfApplied() throws Exception {
        int changeSets = 100;
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> writes = writer.submit(() -> {
                for (int i = 1; i <= changeSets; i++) {
                    String v = Integer.toString(i);
                    given().baseUri(server.url()).header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                            .contentType(ContentType.JSON)
                            .body(Map.of("put", Map.of("set.a", v, "set.b", v, "set.c", v)))
                            .post("/api/v1/namespaces/" + NAMESPACE + "/changes")
                            .then().statusCode(200);
                }
            });
            long lastRevision = 0;
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!writes.isDone() && System.nanoTime() < deadline) {
                Response snapshot = given().get("/config/snapshots/" + NAMESPACE);
                if (snapshot.statusCode() != 200) {
                    continue;
                }
                long revision = ((Number) snapshot.path("revision")).longValue();
                Map<String, String> entries = snapshot.path("entries");
                assertTrue(revision >= lastRevision, "revision went back from " + lastRevision + " to " + revision);
                lastRevision = revision;
                String a = entries.get("set.a");
                assertEquals(a, entries.get("set.b"), "half-applied change set at revision " + revision);
                assertEquals(a, entries.get("set.c"), "half-applied change set at revision " + revision);
                if (a != null) {
                    seen.add(a);
                }
            }
            writes.get(60, TimeUnit.SECONDS);
            Await.until(PROPAGATION_BOUND, () -> "100".equals(appValue("set.c")), "last change set applied");
            assertTrue(seen.size() > 1, "the reader observed only " + seen + " while the writer ran");
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void valuesAndRevisionsSurviveAServerRestartAndArePublishedAgain() throws InterruptedException {
        put("restart.key", "before");
        Await.until(PROPAGATION_BOUND, () -> "before".equals(appValue("restart.key")), "value before restart");
        Response before = given().baseUri(server.url()).header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .get("/api/v1/namespaces/" + NAMESPACE + "/entries");
        long revision = ((Number) before.path("revision")).longValue();
        Map<String, String> entries = before.path("entries");

        server.restart();

        Response after = given().baseUri(server.url()).header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .get("/api/v1/namespaces/" + NAMESPACE + "/entries");
        assertEquals(revision, ((Number) after.path("revision")).longValue());
        assertEquals(entries, after.path("entries"));
        assertEquals("before", appValue("restart.key"), "the app kept its values while the server was down");

        // A newcomer reading the cluster gets the namespace at its revision: it was published again from the DB.
        LiveConfigSettings settings = LiveConfigSettings.of(List.of(NAMESPACE), server.clusterName(),
                List.of(server.clientAddress()), server.trustedKeys());
        try (LiveConfigSource newcomer = LiveConfigSource.connect(settings)) {
            Snapshot published = newcomer.snapshot(NAMESPACE).orElseThrow();
            assertEquals(revision, published.revision());
            assertEquals(entries, published.entries());
        }

        // The app reconnects by itself and sees changes made after the restart.
        put("restart.key", "after");
        Await.until(Duration.ofSeconds(30), () -> "after".equals(appValue("restart.key")), "value after restart");
    }

    private void put(String key, String value) {
        given().baseUri(server.url()).header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .contentType(ContentType.JSON).body(Map.of("value", value))
                .put("/api/v1/namespaces/" + NAMESPACE + "/entries/" + key)
                .then().statusCode(200);
    }

    private static String body(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String appValue(String key) {
        Response response = given().get("/config/values/" + key);
        return response.statusCode() == 200 ? response.asString() : null;
    }
}
