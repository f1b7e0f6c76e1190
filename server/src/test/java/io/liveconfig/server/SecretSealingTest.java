package io.liveconfig.server;

import static io.liveconfig.server.Api.change;
import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.signing.SigningKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A secret is sealed once per write: the step and the whole snapshot of a revision carry the same ciphertext, and a
 * later revision that does not write the secret publishes it unchanged, so an app that reads a whole snapshot sees no
 * change of a secret that was not written. A write of the same value seals it afresh, so that the cluster port does not
 * tell whether a write set the secret the namespace held.
 */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class SecretSealingTest {

    @Inject
    SigningKeys keys;

    @Inject
    ClusterMember member;

    private Snapshot wholeAt(String namespace, long revision) {
        return Published.wholeAt(member, keys, namespace, revision);
    }

    @Test
    void sealsASecretOncePerValue() {
        createNamespace("seal-once");
        json().body(Map.of("rules", List.of(Map.of("key", "db.password", "type", "string", "secret", true))))
                .put("/api/v1/namespaces/seal-once/schema").then().statusCode(200);
        change("seal-once", Map.of("put", Map.of("db.password", "first-secret"))).statusCode(200);
        String stepped = SnapshotCodec.decodeChange(member.changes().get("seal-once"), keys.trust()).value().puts()
                .get("db.password");
        assertTrue(stepped.startsWith("${aes-gcm-nopadding::"), stepped);
        long revision = SnapshotCodec.decodeChange(member.changes().get("seal-once"), keys.trust()).value().revision();
        assertEquals(stepped, wholeAt("seal-once", revision).entries().get("db.password"),
                "the step and the whole snapshot of one revision seal the secret alike");

        change("seal-once", Map.of("put", Map.of("pool.size", "5"))).statusCode(200);
        SnapshotChange next = SnapshotCodec.decodeChange(member.changes().get("seal-once"), keys.trust()).value();
        assertEquals(stepped, wholeAt("seal-once", next.revision()).entries().get("db.password"),
                "a revision that does not change the secret publishes it unchanged");

        change("seal-once", Map.of("put", Map.of("db.password", "second-secret"))).statusCode(200);
        SnapshotChange changed = SnapshotCodec.decodeChange(member.changes().get("seal-once"), keys.trust()).value();
        assertNotEquals(stepped, changed.puts().get("db.password"));
        assertEquals(changed.puts().get("db.password"),
                wholeAt("seal-once", changed.revision()).entries().get("db.password"));
    }

    @Test
    void sealsASecretWrittenAgainWithTheSameValueAfresh() {
        createNamespace("seal-again");
        json().body(Map.of("rules", List.of(Map.of("key", "db.password", "type", "string", "secret", true))))
                .put("/api/v1/namespaces/seal-again/schema").then().statusCode(200);
        change("seal-again", Map.of("put", Map.of("db.password", "same-secret"))).statusCode(200);
        String first = SnapshotCodec.decodeChange(member.changes().get("seal-again"), keys.trust()).value().puts()
                .get("db.password");

        change("seal-again", Map.of("put", Map.of("db.password", "same-secret"))).statusCode(200);
        SnapshotChange again = SnapshotCodec.decodeChange(member.changes().get("seal-again"), keys.trust()).value();
        assertNotEquals(first, again.puts().get("db.password"), "a write of an equal value looks like any write");
        assertEquals(again.puts().get("db.password"),
                wholeAt("seal-again", again.revision()).entries().get("db.password"));
    }
}
