package io.liveconfig.server;

import static io.liveconfig.server.Api.createNamespace;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.protocol.FixedKeys;
import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.Timings;
import io.liveconfig.protocol.Version;
import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.RevisionKind;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.store.NamespaceStore;
import io.liveconfig.server.store.RevisionStore;
import io.liveconfig.server.store.Transactions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class InstanceTest {

    @Inject
    ClusterMember member;

    private void report(String instance, String app, Map<String, Long> revisions, long reportedAt) {
        member.instanceReports().put(instance,
                new InstanceReport(instance, "host-" + instance, app, revisions, Map.of(), Map.of(), List.of(),
                        List.of("x: bad hash"), reportedAt)
                        .encode());
    }

    @Inject
    ServerConfig config;

    @Test
    void showsReportsForAsLongAsAppsKeepThem() {
        // The default is written as a literal in ServerConfig; apps' reports live Timings.REPORT_TTL.
        assertEquals(Timings.INSTANCE_TIMEOUT, config.instances().timeout());
        assertEquals(Timings.REPORT_TTL, Timings.INSTANCE_TIMEOUT);
    }

    @Test
    void listsLiveInstancesOfANamespaceWithTheirRevision() {
        createNamespace("inst-ns");
        // At revision 3: an app reporting a later revision than the database would mean the database was restored.
        Api.put("inst-ns", "a", "1");
        Api.put("inst-ns", "a", "2");
        long now = System.currentTimeMillis();
        report("i1", "shop", Map.of("inst-ns", 3L, "other", 9L), now);
        report("i2", "billing", Map.of("inst-ns", 2L), now);
        report("i3", "stale", Map.of("inst-ns", 1L), now - 120_000);
        report("i4", "elsewhere", Map.of("other", 1L), now);
        member.instanceReports().put("garbage", "{not json");
        // Anyone on the client port may put keys and values of other types; left in place for the tests after this.
        @SuppressWarnings("unchecked")
        ReplicatedMap<Object, Object> any = (ReplicatedMap<Object, Object>) (ReplicatedMap<?, ?>) member
                .instanceReports();
        any.put("an-integer", 42);
        any.put("a-map", new HashMap<>(Map.of("inst-ns", 7L)));
        any.put(43, "an integer key");

        given().get("/api/v1/namespaces/inst-ns/instances").then().statusCode(200)
                .body("app", contains("billing", "shop"))
                .body("revision", contains(2, 3))
                .body("[1].host", equalTo("host-i1"))
                .body("[1].rejections[0]", equalTo("x: bad hash"));
        given().get("/api/v1/namespaces/nope/instances").then().statusCode(404);
    }

    @Inject
    RevisionStore revisions;

    @Inject
    Transactions transactions;

    @Test
    void listsTheChangesThatWaitForAnInstanceToRestart() {
        createNamespace("pending-ns");
        Api.change("pending-ns", Map.of("put", Map.of("shop.fixed", "1", "shop.live", "1", "mapped.port", "80")))
                .statusCode(200);
        long started = Api.revision("pending-ns");
        long now = System.currentTimeMillis();
        FixedKeys fixed = FixedKeys.of(List.of("shop.fixed", "shop.unchanged"), List.of(),
                Map.of("pending-ns", new Version(0, started)));
        reportFixed("p1", "fixed", fixed, now);
        // Held nothing of the namespace at start-up: every key it reads once and the namespace has now is news.
        reportFixed("p2", "from-nothing", FixedKeys.of(List.of(), List.of("mapped"),
                Map.of("pending-ns", new Version(0, 0))), now);
        reportFixed("p3", "restored", FixedKeys.of(List.of("shop.fixed"), List.of(),
                Map.of("pending-ns", new Version(1, started))), now);
        report("p4", "old-app", Map.of("pending-ns", started), now);
        // A stranger cannot make the server list keys of a report that is cut.
        reportFixed("p5", "cut", new FixedKeys(List.of("shop.fixed"), List.of(),
                Map.of("pending-ns", new Version(0, started)), false), now);

        Api.put("pending-ns", "shop.fixed", "2").statusCode(200);
        Api.put("pending-ns", "shop.live", "2").statusCode(200);

        given().get("/api/v1/namespaces/pending-ns/instances").then().statusCode(200)
                .body("app", contains("cut", "fixed", "from-nothing", "old-app", "restored"))
                .body("find { it.app == 'fixed' }.restartPending", contains("shop.fixed"))
                .body("find { it.app == 'fixed' }.restartPendingNote", nullValue())
                .body("find { it.app == 'from-nothing' }.restartPending", contains("mapped.port"))
                .body("find { it.app == 'restored' }.restartPending", empty())
                .body("find { it.app == 'restored' }.restartPendingNote", startsWith("unknown: "))
                .body("find { it.app == 'old-app' }.restartPending", empty())
                .body("find { it.app == 'old-app' }.restartPendingNote", startsWith("unknown: "))
                .body("find { it.app == 'cut' }.restartPendingNote", startsWith("unknown: "));

        // A change back to the start-up value waits for nothing.
        Api.put("pending-ns", "shop.fixed", "1").statusCode(200);
        given().get("/api/v1/namespaces/pending-ns/instances").then().statusCode(200)
                .body("find { it.app == 'fixed' }.restartPending", empty());
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas.InstanceView.properties.restartPending.description",
                        containsString("restarts"));

        // Once retention pruned the revision it started with, the history cannot tell: unknown, not a guess.
        Api.put("pending-ns", "shop.fixed", "3").statusCode(200);
        transactions.inNew(() -> revisions.prune("pending-ns", started + 1));
        given().get("/api/v1/namespaces/pending-ns/instances").then().statusCode(200)
                .body("find { it.app == 'fixed' }.restartPending", empty())
                .body("find { it.app == 'fixed' }.restartPendingNote", containsString("pruned"));
    }

    @Inject
    NamespaceStore namespaceStore;

    @Test
    void anInstanceThatHeldNothingWaitsForEveryKeyWhateverTheEpoch() {
        createNamespace("epoch-ns");
        Api.put("epoch-ns", "fixed.port", "80").statusCode(200);
        long revision = Api.revision("epoch-ns");
        // As a restored backup does: the namespace goes on in a later epoch. Revision 0 is in every epoch's history.
        transactions.inNew(() -> {
            long raised = namespaceStore.raiseEpoch("epoch-ns", 1, 0, revision).orElseThrow();
            return revisions.insert("epoch-ns", raised, RevisionKind.RESTORE, "test", "a later epoch");
        });
        member.instanceReports().put("e1",
                new InstanceReport("e1", "host-e1", "from-nothing", Map.of("epoch-ns", 0L), Map.of(), Map.of(),
                        List.of(), List.of(), System.currentTimeMillis(),
                        FixedKeys.of(List.of("fixed.port"), List.of(), Map.of("epoch-ns", new Version(0, 0))))
                        .encode());
        try {
            given().get("/api/v1/namespaces/epoch-ns/instances").then().statusCode(200)
                    .body("find { it.app == 'from-nothing' }.restartPending", contains("fixed.port"))
                    .body("find { it.app == 'from-nothing' }.restartPendingNote", nullValue());
        } finally {
            member.instanceReports().remove("e1");
        }
    }

    private void reportFixed(String instance, String app, FixedKeys fixed, long reportedAt) {
        member.instanceReports().put(instance,
                new InstanceReport(instance, "host-" + instance, app, Map.of("pending-ns", 1L), Map.of(), Map.of(),
                        List.of(), List.of(), reportedAt, fixed).encode());
    }
}
