package io.liveconfig.server;

import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static io.liveconfig.server.Api.put;
import static io.liveconfig.server.Api.revision;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class ConcurrencyTest {

    private static final String BASE = "/api/v1/namespaces/";

    @Test
    void readsCarryTheRevisionAsETag() {
        createNamespace("cc-etag");
        put("cc-etag", "a", "1").statusCode(200).header("ETag", equalTo("\"2\""));

        given().get(BASE + "cc-etag").then().header("ETag", equalTo("\"2\""));
        given().get(BASE + "cc-etag/entries").then().header("ETag", equalTo("\"2\""));
        given().get(BASE + "cc-etag/entries/a").then().header("ETag", equalTo("\"2\""));
    }

    @Test
    void staleIfMatchIs412AndChangesNothing() {
        createNamespace("cc-stale");
        put("cc-stale", "a", "1").statusCode(200);

        json().header("If-Match", "\"1\"").body(Map.of("value", "2")).put(BASE + "cc-stale/entries/a")
                .then().statusCode(412).contentType("application/problem+json")
                .body("detail", containsString("revision 2, not 1"));
        json().header("If-Match", "\"2\"").body(Map.of("value", "2")).put(BASE + "cc-stale/entries/a")
                .then().statusCode(200).body("revision", equalTo(3));
        json().header("If-Match", "\"2\"").delete(BASE + "cc-stale/entries/a").then().statusCode(412);
        json().header("If-Match", "7").body(Map.of("value", "2")).put(BASE + "cc-stale/entries/a")
                .then().statusCode(400).body("violations[0].field", equalTo("If-Match"));

        given().get(BASE + "cc-stale/entries").then().body("revision", equalTo(3), "entries.a", equalTo("2"));
    }

    @Test
    void namespaceCanRequireIfMatch() {
        json().body(Map.of("name", "cc-required", "requireIfMatch", true)).post(BASE).then().statusCode(201)
                .body("requireIfMatch", equalTo(true));

        put("cc-required", "a", "1").statusCode(428).contentType("application/problem+json");
        json().header("If-Match", "\"1\"").body(Map.of("value", "1")).put(BASE + "cc-required/entries/a")
                .then().statusCode(200);
        given().delete(BASE + "cc-required").then().statusCode(428);

        json().body(Map.of("requireIfMatch", false)).put(BASE + "cc-required/settings").then().statusCode(200)
                .body("requireIfMatch", equalTo(false));
        put("cc-required", "a", "2").statusCode(200);
    }

    @Test
    void ifNoneMatchStarOnlyCreates() {
        createNamespace("cc-create");

        json().header("If-None-Match", "*").body(Map.of("value", "1")).put(BASE + "cc-create/entries/a")
                .then().statusCode(200);
        json().header("If-None-Match", "*").body(Map.of("value", "2")).put(BASE + "cc-create/entries/a")
                .then().statusCode(412).contentType("application/problem+json");

        given().get(BASE + "cc-create/entries/a").then().body("value", equalTo("1"));
    }

    /** 8 writers increment one counter with read, then If-Match write; none of the accepted writes is lost. */
    @Test
    void racingWritersNeverLoseAnUpdate() throws Exception {
        createNamespace("cc-race");
        put("cc-race", "counter", "0").statusCode(200);
        int start = revision("cc-race");
        int writers = 8;
        int attemptsEach = 25;
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < attemptsEach; i++) {
                        Response read = given().get(BASE + "cc-race/entries/counter");
                        int value = Integer.parseInt(read.path("value"));
                        int status = json().header("If-Match", read.header("ETag"))
                                .body(Map.of("value", Integer.toString(value + 1)))
                                .put(BASE + "cc-race/entries/counter").statusCode();
                        if (status == 200) {
                            accepted.incrementAndGet();
                        } else {
                            assertEquals(412, status);
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        int created = revision("cc-race") - start;
        assertEquals(accepted.get(), created, "every 2xx answer is one revision, and only those");
        given().get(BASE + "cc-race/entries/counter").then().body("value", equalTo(Integer.toString(accepted.get())));
        assertEquals(writers * attemptsEach, accepted.get() + refused.get());
        assertTrue(accepted.get() > 0);
    }

    /** Without preconditions every write wins in turn: still one revision per 2xx and none lost. */
    @Test
    void racingBlindWritersGetOneRevisionEach() throws Exception {
        createNamespace("cc-blind");
        int start = revision("cc-blind");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger accepted = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        if (json().body(Map.of("value", writer + "-" + i)).put(BASE + "cc-blind/entries/k" + writer)
                                .statusCode() == 200) {
                            accepted.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(160, accepted.get());
        assertEquals(160, revision("cc-blind") - start);
        for (int w = 0; w < 8; w++) {
            given().get(BASE + "cc-blind/entries/k" + w).then().body("value", equalTo(w + "-19"));
        }
    }
}
