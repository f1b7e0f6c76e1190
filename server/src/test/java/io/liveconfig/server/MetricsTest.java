package io.liveconfig.server;

import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.publish.SnapshotPublisher;
import io.liveconfig.server.repair.Repairs;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.testing.Await;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The server's meters at {@code /q/metrics}, after real writes through the REST API. */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class MetricsTest {

    private static final String BASE = "/api/v1/namespaces/";
    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    // Runs of plain characters, each escape apart: no recursion per character on long values (other tests' URIs).
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"");

    @Inject
    ClusterMember member;

    @Inject
    Repairs repairs;

    @Inject
    SnapshotPublisher publisher;

    /** One scrape: each series (name and labels) to its value. */
    private record Scrape(Map<String, Map<Map<String, String>, Double>> series) {

        static Scrape now() {
            String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
            Map<String, Map<Map<String, String>, Double>> series = new HashMap<>();
            for (String line : text.split("\n")) {
                Matcher matcher = LINE.matcher(line);
                if (line.startsWith("#") || !matcher.matches()) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                Matcher label = LABEL.matcher(matcher.group(2) == null ? "" : matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                series.computeIfAbsent(matcher.group(1), name -> new HashMap<>())
                        .put(labels, Double.parseDouble(matcher.group(3)));
            }
            return new Scrape(series);
        }

        /** The value of the series with these labels (and perhaps others); 0 if there is none. */
        double value(String name, String... labels) {
            Map<String, String> wanted = new HashMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                wanted.put(labels[i], labels[i + 1]);
            }
            return series.getOrDefault(name, Map.of()).entrySet().stream()
                    .filter(entry -> entry.getKey().entrySet().containsAll(wanted.entrySet()))
                    .mapToDouble(Map.Entry::getValue)
                    .sum();
        }

        boolean has(String name, String... labels) {
            Map<String, String> wanted = new HashMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                wanted.put(labels[i], labels[i + 1]);
            }
            return series.getOrDefault(name, Map.of()).keySet().stream()
                    .anyMatch(present -> present.entrySet().containsAll(wanted.entrySet()));
        }
    }

    private static double changes(Scrape scrape, String outcome, String reason) {
        return scrape.value("liveconfig_writes_total", "kind", "change", "outcome", outcome, "reason", reason);
    }

    @Test
    void countsWritesByOutcomeAndTimesCommitsAndPublications() {
        createNamespace("metrics-writes");
        json().body(Map.of("rules", List.of(Map.of("key", "port", "type", "int"))))
                .put(BASE + "metrics-writes/schema").then().statusCode(200);
        Scrape before = Scrape.now();

        Api.put("metrics-writes", "port", "8080").statusCode(200);
        Api.put("metrics-writes", "port", "not-a-number").statusCode(422);
        json().header("If-Match", "\"1\"").body(Map.of("value", "8081"))
                .put(BASE + "metrics-writes/entries/port").then().statusCode(412);

        Scrape after = Scrape.now();
        assertEquals(1, changes(after, "committed", "none") - changes(before, "committed", "none"));
        assertEquals(1, changes(after, "refused", "schema-violation") - changes(before, "refused", "schema-violation"));
        assertEquals(1, changes(after, "refused", "precondition-failed")
                - changes(before, "refused", "precondition-failed"));
        assertEquals(0, changes(after, "failed", "none") - changes(before, "failed", "none"));
        assertTrue(after.value("liveconfig_writes_total", "kind", "create", "outcome", "committed") >= 1);
        assertTrue(after.value("liveconfig_writes_total", "kind", "schema", "outcome", "committed") >= 1);

        // Committed writes only are timed: the change here, the create and the schema before.
        assertEquals(1, after.value("liveconfig_write_latency_seconds_count", "kind", "change")
                - before.value("liveconfig_write_latency_seconds_count", "kind", "change"));
        assertTrue(after.value("liveconfig_write_latency_seconds_count", "kind", "create") >= 1);
        assertTrue(after.value("liveconfig_write_latency_seconds_sum", "kind", "change") > 0);
        // The entry's change went out as a step; the create and the schema change as whole snapshots.
        assertTrue(after.value("liveconfig_publication_latency_seconds_count", "change", "step")
                - before.value("liveconfig_publication_latency_seconds_count", "change", "step") >= 1);
        assertTrue(after.value("liveconfig_publication_latency_seconds_count", "change", "whole") >= 2);
    }

    @Test
    void countsRepairsAndShowsRestoresFromZero() {
        createNamespace("metrics-repair"); // published whole at once, nothing pending
        repairs.repairPublication(); // whatever earlier tests left stale is published now
        Scrape before = Scrape.now();
        assertTrue(before.has("liveconfig_repairs_total"));
        assertTrue(before.has("liveconfig_history_restores_total", "cause", "cluster-ahead"));
        assertTrue(before.has("liveconfig_history_restores_total", "cause", "backup"));

        member.snapshots().remove("metrics-repair");
        assertTrue(repairs.repairPublication() >= 1);

        // The timer may have repaired it first: either way it was counted once more at least.
        assertTrue(Scrape.now().value("liveconfig_repairs_total") - before.value("liveconfig_repairs_total") >= 1);

        // A repair that this member's newer publication supersedes puts nothing, and is not counted as one.
        Api.put("metrics-repair", "a", "1").statusCode(200);
        member.snapshots().remove("metrics-repair");
        assertFalse(publisher.repair(Snapshot.of("metrics-repair", 1, Map.of()), Schema.NONE));
    }

    @Test
    void countsReportingInstancesPerLiveNamespace() throws InterruptedException {
        createNamespace("metrics-read");
        createNamespace("metrics-unread");
        member.instanceReports().put("metrics-app-1",
                new InstanceReport("metrics-app-1", "host-1", "shop", Map.of("metrics-read", 1L, "no-such-ns", 4L),
                        Map.of(), Map.of(), List.of(), List.of(), System.currentTimeMillis()).encode());
        try {
            // Counted on a timer, every 10 s.
            assertTrue(Await.within(Duration.ofSeconds(30), Duration.ofMillis(250), () -> {
                Scrape scrape = Scrape.now();
                return scrape.value("liveconfig_instances", "namespace", "metrics-read") == 1
                        && scrape.has("liveconfig_instances", "namespace", "metrics-unread");
            }), "the reporting instance counted for its live namespace");
            Scrape scrape = Scrape.now();
            assertEquals(0, scrape.value("liveconfig_instances", "namespace", "metrics-unread"));
            assertFalse(scrape.has("liveconfig_instances", "namespace", "no-such-ns"),
                    "a namespace only a report names gets no series");
        } finally {
            member.instanceReports().remove("metrics-app-1");
        }
    }
}
