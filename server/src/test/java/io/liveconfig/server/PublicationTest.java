package io.liveconfig.server;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.liveconfig.server.namespace.NamespaceService;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.publish.SnapshotPublisher;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.snapshot.Snapshot;
import io.liveconfig.snapshot.SnapshotCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class PublicationTest {

    @Inject
    ClusterMember member;

    @Inject
    SnapshotPublisher publisher;

    private Snapshot published(String namespace) {
        return SnapshotCodec.decode(member.snapshots().get(namespace));
    }

    @Test
    void publishesEachCommittedRevision() {
        NamespaceResourceTest.create("pub-each");
        assertEquals(Snapshot.of("pub-each", 1, Map.of()), published("pub-each"));

        given().contentType(ContentType.JSON).body(Map.of("put", Map.of("a", "1", "b", "2")))
                .post("/api/v1/namespaces/pub-each/changes").then().statusCode(200);

        assertEquals(Snapshot.of("pub-each", 2, Map.of("a", "1", "b", "2")), published("pub-each"));
    }

    @Test
    void publishesTombstoneOnDelete() {
        NamespaceResourceTest.create("pub-gone");
        given().delete("/api/v1/namespaces/pub-gone").then().statusCode(200);

        Snapshot tombstone = published("pub-gone");
        assertTrue(tombstone.deleted());
        assertEquals(2, tombstone.revision());
    }

    @Inject
    NamespaceService namespaces;

    @Test
    void repairPublishesAgainWhatTheMapLostOrHoldsOlder() {
        NamespaceResourceTest.create("pub-repair");
        given().contentType(ContentType.JSON).body("{\"value\":\"1\"}")
                .put("/api/v1/namespaces/pub-repair/entries/a").then().statusCode(200);

        member.snapshots().remove("pub-repair");
        assertTrue(namespaces.repairPublication() >= 1);
        assertEquals(Snapshot.of("pub-repair", 2, Map.of("a", "1")), published("pub-repair"));

        member.snapshots().put("pub-repair", SnapshotCodec.encode(Snapshot.of("pub-repair", 1, Map.of())));
        namespaces.repairPublication();
        assertEquals(2, published("pub-repair").revision());

        assertEquals(0, namespaces.repairPublication(), "nothing to repair when the map equals the database");
    }

    @Test
    void neverReplacesNewerRevisionWithOlder() {
        NamespaceResourceTest.create("pub-order");
        given().contentType(ContentType.JSON).body("{\"value\":\"new\"}")
                .put("/api/v1/namespaces/pub-order/entries/a").then().statusCode(200);

        publisher.publish(Snapshot.of("pub-order", 1, Map.of("a", "old")), Schema.NONE);

        assertEquals("new", published("pub-order").entries().get("a"));
    }
}
