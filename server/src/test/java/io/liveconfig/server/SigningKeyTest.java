package io.liveconfig.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.TrustedKeys;
import io.liveconfig.server.publish.ClusterMember;
import io.liveconfig.server.repair.Repairs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The signing keys' API and a whole rotation, as an operator runs it. */
@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class SigningKeyTest {

    @Inject
    ClusterMember member;

    @Inject
    Repairs repairs;

    private static String activeKey() {
        return given().get("/api/v1/signing-keys").then().statusCode(200).extract()
                .path("find { it.state == 'active' }.id");
    }

    @Test
    void rotatesWithoutEverPublishingWithAKeyRunningAppsDoNotTrust() {
        NamespaceResourceTest.create("keys-rotated");
        member.instanceReports().clear(); // reports other tests left: every running instance must trust the key
        String first = activeKey();
        String firstPublic = given().get("/api/v1/signing-keys").then().extract()
                .path("find { it.state == 'active' }.publicKey");
        assertEquals(first, TrustedKeys.keyId(TrustedKeys.decode(firstPublic)));

        // 1. A next key, which signs nothing yet; only one waits at a time.
        String next = given().post("/api/v1/signing-keys").then().statusCode(201).body("state", equalTo("next"))
                .extract().path("id");
        String nextPublic = given().get("/api/v1/signing-keys").then().extract()
                .path("find { it.id == '" + next + "' }.publicKey");
        given().post("/api/v1/signing-keys").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:liveconfig:problem:signing-key-state"));

        // 2. Refused while a running app trusts only the first key.
        member.instanceReports().put("old-app", report("old-app", List.of(first)));
        try {
            given().post("/api/v1/signing-keys/" + next + "/activate").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:liveconfig:problem:signing-key-not-trusted"))
                    .body("violations", hasSize(1));
        } finally {
            member.instanceReports().remove("old-app");
        }
        member.instanceReports().put("new-app", report("new-app", List.of(first, next)));
        try {
            given().post("/api/v1/signing-keys/" + next + "/activate").then().statusCode(200)
                    .body("state", equalTo("active"));
        } finally {
            member.instanceReports().remove("new-app");
        }

        // 3. Everything is published again with the new key; the first key stays valid as previous.
        repairs.repairPublication();
        TrustedKeys onlyNext = TrustedKeys.of(List.of(nextPublic));
        assertEquals(next, SnapshotCodec.decode(member.snapshots().get("keys-rotated"), onlyNext).seal().keyId());
        assertEquals(next, SnapshotCodec.decodeChange(member.changes().get("keys-rotated"), onlyNext).seal().keyId());
        given().contentType(ContentType.JSON).body("{\"value\":\"1\"}")
                .put("/api/v1/namespaces/keys-rotated/entries/a").then().statusCode(200);
        assertEquals(next, SnapshotCodec.decodeChange(member.changes().get("keys-rotated"), onlyNext).seal().keyId());

        // 4. The active key cannot be retired; the previous one can.
        given().delete("/api/v1/signing-keys/" + next).then().statusCode(409);
        given().delete("/api/v1/signing-keys/" + first).then().statusCode(204);
        given().delete("/api/v1/signing-keys/nope").then().statusCode(404);
        given().get("/api/v1/signing-keys").then().statusCode(200).body("id", equalTo(List.of(next)));
        given().get("/api/v1/audit").then().statusCode(200)
                .body("action", hasItem("signing-key-created")).body("action", hasItem("signing-key-activated"))
                .body("action", hasItem("signing-key-retired"));
    }

    private static String report(String instance, List<String> trusts) {
        return new InstanceReport(instance, "host", "app", Map.of(), Map.of(), Map.of(), trusts, List.of(),
                System.currentTimeMillis()).encode();
    }
}
