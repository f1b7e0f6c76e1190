package io.liveconfig.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.PublicationSigner;
import io.liveconfig.protocol.Seal;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.publish.ClusterView;
import io.liveconfig.server.publish.SnapshotPublisher;
import io.liveconfig.server.repair.Repairs;
import io.liveconfig.server.schema.Schema;
import io.liveconfig.server.signing.SigningKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class PublicationTest {

    @Inject
    SigningKeys keys;

    @Inject
    ClusterMember member;

    @Inject
    ClusterView cluster;

    @Inject
    SnapshotPublisher publisher;

    /** The whole snapshot published, once it caught up with the latest change (it follows a step a moment later). */
    private Snapshot published(String namespace) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Snapshot whole = SnapshotCodec.decode(member.snapshots().get(namespace), keys.trust()).value();
            SnapshotChange latest = SnapshotCodec.decodeChange(member.changes().get(namespace), keys.trust()).value();
            if (!latest.supersedes(whole) || System.nanoTime() > deadline) {
                return whole;
            }
            LockSupport.parkNanos(1_000_000); // a bounded poll; spinning would take a core from the publisher
        }
    }

    @Test
    void publishesEachCommittedRevision() {
        NamespaceResourceTest.create("pub-each");
        assertEquals(Snapshot.of("pub-each", 1, Map.of()), published("pub-each"));

        given().contentType(ContentType.JSON).body(Map.of("put", Map.of("a", "1", "b", "2")))
                .post("/api/v1/namespaces/pub-each/changes").then().statusCode(200);

        assertEquals(Snapshot.of("pub-each", 2, Map.of("a", "1", "b", "2")), published("pub-each"));
        // Apps are sent the step, not the whole namespace.
        assertEquals(SnapshotChange.step(published("pub-each"), 1, Map.of("a", "1", "b", "2"), Set.of()),
                SnapshotCodec.decodeChange(member.changes().get("pub-each"), keys.trust()).value());

        given().contentType(ContentType.JSON).body(Map.of("delete", List.of("a")))
                .post("/api/v1/namespaces/pub-each/changes").then().statusCode(200);
        assertEquals(SnapshotChange.step(published("pub-each"), 2, Map.of(), Set.of("a")),
                SnapshotCodec.decodeChange(member.changes().get("pub-each"), keys.trust()).value());
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
    Repairs namespaces;

    @Test
    void repairPublishesAgainWhatTheMapLostOrHoldsOlder() {
        NamespaceResourceTest.create("pub-repair");
        given().contentType(ContentType.JSON).body("{\"value\":\"1\"}")
                .put("/api/v1/namespaces/pub-repair/entries/a").then().statusCode(200);

        member.snapshots().remove("pub-repair");
        namespaces.repairPublication(); // or a concurrent repair from the timer or a cluster event
        assertEquals(Snapshot.of("pub-repair", 2, Map.of("a", "1")), published("pub-repair"));

        member.snapshots().put("pub-repair", SnapshotCodec.encode(Snapshot.of("pub-repair", 1, Map.of()),
                keys.signer()));
        namespaces.repairPublication();
        assertEquals(2, published("pub-repair").revision());

        assertEquals(0, namespaces.repairPublication(), "nothing to repair when the map equals the database");
    }

    @Test
    void repairComparesVersionsOnlyWhenNothingIsStale() {
        for (int i = 0; i < 50; i++) {
            NamespaceResourceTest.create("pub-idle-" + i);
        }
        namespaces.repairPublication(); // whatever earlier tests left pending is published now
        long entriesRead = namespaces.entriesRead();

        assertEquals(0, namespaces.repairPublication());
        assertEquals(entriesRead, namespaces.entriesRead(), "no namespace's entries are read when none is stale");

        member.snapshots().remove("pub-idle-7");
        assertEquals(1, namespaces.repairPublication());
        assertEquals(entriesRead + 1, namespaces.entriesRead(), "only the stale namespace's entries are read");
    }

    @Test
    void publishesTheDatabaseInALaterEpochWhenTheClusterHasSeenALaterState() {
        NamespaceResourceTest.create("pub-restored");
        given().contentType(ContentType.JSON).body("{\"value\":\"1\"}")
                .put("/api/v1/namespaces/pub-restored/entries/a").then().statusCode(200);
        // The cluster saw revision 9 of a history the database no longer has: it was restored from a backup.
        member.snapshots().put("pub-restored", SnapshotCodec.encode(Snapshot.of("pub-restored", 9, Map.of("a",
                "lost")), keys.signer()));

        namespaces.repairPublication();

        assertEquals(Snapshot.of("pub-restored", 3, Map.of("a", "1")).withEpoch(1), published("pub-restored"));
        given().get("/api/v1/namespaces/pub-restored/revisions").then().statusCode(200)
                .body("revisions[0].revision", equalTo(3))
                .body("revisions[0].kind", equalTo("restore"))
                .body("revisions[0].note", containsString("revision 9"));
        given().contentType(ContentType.JSON).body("{\"value\":\"2\"}")
                .put("/api/v1/namespaces/pub-restored/entries/a").then().statusCode(200);
        assertEquals(Snapshot.of("pub-restored", 4, Map.of("a", "2")).withEpoch(1), published("pub-restored"));
        namespaces.repairPublication();
        assertEquals(4, published("pub-restored").revision(), "restored once, not again");
    }

    @Test
    void anAppReportingALaterRevisionAlsoMeansTheDatabaseWasRestored() {
        NamespaceResourceTest.create("pub-reported");
        // After a full cluster restart the map is empty, but a running app still holds revision 7, which the server
        // signed before its database was restored.
        member.instanceReports().put("app-7", report("app-7", "pub-reported", 7, keys.signer()));
        try {
            namespaces.repairPublication();

            assertEquals(Snapshot.of("pub-reported", 2, Map.of()).withEpoch(1), published("pub-reported"));
        } finally {
            member.instanceReports().remove("app-7");
        }
    }

    @Test
    void aStrangersClaimOfALaterRevisionChangesNothing() {
        NamespaceResourceTest.create("pub-spoofed");
        PublicationSigner stranger = PublicationSigner.generate();
        member.instanceReports().put("spoof-1", report("spoof-1", "pub-spoofed", 999, stranger));
        member.snapshots().put("pub-spoofed", SnapshotCodec.encode(Snapshot.of("pub-spoofed", 50, Map.of("a", "evil"))
                .withEpoch(900), stranger));
        long untrusted = cluster.untrustedReports();
        try {
            namespaces.repairPublication();

            assertEquals(Snapshot.of("pub-spoofed", 1, Map.of()), published("pub-spoofed"), "the map is repaired");
            given().get("/api/v1/namespaces/pub-spoofed/revisions").then().statusCode(200)
                    .body("revisions.size()", equalTo(1)).body("revisions[0].kind", equalTo("create"));
            assertTrue(cluster.untrustedReports() > untrusted);
        } finally {
            member.instanceReports().remove("spoof-1");
        }
    }

    /** The report of an app that applied a step to the revision, signed by the given key. */
    private static String report(String instance, String namespace, long revision, PublicationSigner signer) {
        Seal seal = SnapshotCodec.peekSeal(SnapshotCodec.encodeChange(SnapshotChange.step(Snapshot.of(namespace,
                revision, Map.of()), revision - 1, Map.of(), Set.of()), signer));
        return new InstanceReport(instance, "host", "shop", Map.of(namespace, revision), Map.of(),
                Map.of(namespace, seal), List.of(signer.keyId()), List.of(), System.currentTimeMillis()).encode();
    }

    @Test
    void neverReplacesNewerRevisionWithOlder() {
        NamespaceResourceTest.create("pub-order");
        given().contentType(ContentType.JSON).body("{\"value\":\"new\"}")
                .put("/api/v1/namespaces/pub-order/entries/a").then().statusCode(200);

        publisher.publish(Snapshot.of("pub-order", 1, Map.of("a", "old")), Schema.NONE, null);

        assertEquals("new", published("pub-order").entries().get("a"));
    }
}
