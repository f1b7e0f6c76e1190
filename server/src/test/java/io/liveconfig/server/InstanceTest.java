package io.liveconfig.server;

import static io.liveconfig.server.Api.createNamespace;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hazelcast.replicatedmap.ReplicatedMap;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.Timings;
import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.publish.ClusterMember;
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
}
