package io.liveconfig.server;

import static io.liveconfig.server.Api.change;
import static io.liveconfig.server.Api.createNamespace;
import static io.liveconfig.server.Api.json;
import static io.liveconfig.server.Api.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(ServerTestResource.class)
class RevisionHistoryTest {

    private static final String BASE = "/api/v1/namespaces/";

    @Test
    void recordsEveryRevisionWithAuthorNoteAndExactChanges() {
        createNamespace("hist-basic");
        String alice = Api.token("hist-alice", "writer:hist-basic");
        String bob = Api.token("hist-bob", "writer:hist-*");
        Api.as(alice).contentType(ContentType.JSON).body(Map.of("put", Map.of("a", "1", "b", "1"), "note", "first"))
                .post(BASE + "hist-basic/changes").then().statusCode(200).body("revision", equalTo(2));
        Api.as(bob).contentType(ContentType.JSON).body(Map.of("put", Map.of("a", "2"), "delete", List.of("b")))
                .post(BASE + "hist-basic/changes").then().statusCode(200).body("revision", equalTo(3));

        given().get(BASE + "hist-basic/revisions").then().statusCode(200)
                .body("revisions.revision", contains(3, 2, 1),
                        "revisions.kind", contains("change", "change", "create"),
                        "revisions.author", contains("token:hist-bob", "token:hist-alice", "token:initial-admin"),
                        "revisions[1].note", equalTo("first"),
                        "revisions[0].changeCount", equalTo(2),
                        "nextPage", nullValue());
        given().get(BASE + "hist-basic/revisions/3").then().statusCode(200)
                .body("revision.author", equalTo("token:hist-bob"),
                        "changes.key", contains("a", "b"),
                        "changes[0].oldValue", equalTo("1"), "changes[0].newValue", equalTo("2"),
                        "changes[1].oldValue", equalTo("1"), "changes[1].newValue", nullValue());
    }

    @Test
    void pagesNewestFirst() {
        createNamespace("hist-pages");
        for (int i = 0; i < 5; i++) {
            put("hist-pages", "k", "v" + i).statusCode(200);
        }
        given().get(BASE + "hist-pages/revisions?size=2").then()
                .body("revisions.revision", contains(6, 5), "nextPage", equalTo(1));
        given().get(BASE + "hist-pages/revisions?size=2&page=2").then()
                .body("revisions.revision", contains(2, 1), "nextPage", nullValue());
        given().get(BASE + "hist-pages/revisions?size=2&page=3").then().body("revisions.size()", equalTo(0));
        given().get(BASE + "hist-pages/revisions?size=0").then().statusCode(400);
    }

    @Test
    void showsContentAsOfRevisionAndDiffs() {
        createNamespace("hist-asof");
        change("hist-asof", Map.of("put", Map.of("a", "1", "b", "1"))).statusCode(200);
        change("hist-asof", Map.of("put", Map.of("a", "2", "c", "3"), "delete", List.of("b"))).statusCode(200);

        given().get(BASE + "hist-asof/revisions/2/entries").then().statusCode(200)
                .body("revision", equalTo(2), "entries", equalTo(Map.of("a", "1", "b", "1")));
        given().get(BASE + "hist-asof/revisions/1/entries").then().body("entries", equalTo(Map.of()));
        given().get(BASE + "hist-asof/revisions/2/diff/3").then().statusCode(200)
                .body("changes.key", contains("a", "b", "c"),
                        "changes[0].oldValue", equalTo("1"), "changes[0].newValue", equalTo("2"),
                        "changes[1].newValue", nullValue(), "changes[2].oldValue", nullValue());
        given().get(BASE + "hist-asof/revisions/9/entries").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void rollbackCreatesNewRevisionWithOldContent() {
        createNamespace("hist-rollback");
        change("hist-rollback", Map.of("put", Map.of("a", "1", "b", "1"))).statusCode(200);
        change("hist-rollback", Map.of("put", Map.of("a", "2", "c", "3"), "delete", List.of("b"))).statusCode(200);

        Api.as(Api.token("hist-carol", "writer:hist-rollback")).contentType(ContentType.JSON)
                .post(BASE + "hist-rollback/revisions/2/rollback")
                .then().statusCode(200).body("revision", equalTo(4));

        given().get(BASE + "hist-rollback/entries").then()
                .body("revision", equalTo(4), "entries", equalTo(Map.of("a", "1", "b", "1")));
        given().get(BASE + "hist-rollback/revisions/4").then()
                .body("revision.kind", equalTo("rollback"), "revision.author", equalTo("token:hist-carol"),
                        "revision.note", equalTo("rollback to revision 2"), "changes", hasSize(3));
        given().get(BASE + "hist-rollback/revisions/3/entries").then()
                .body("entries", equalTo(Map.of("a", "2", "c", "3")));
        json().post(BASE + "hist-rollback/revisions/99/rollback").then().statusCode(404);
    }

    @Test
    void historySurvivesDeleteAndRecreate() {
        createNamespace("hist-reborn");
        put("hist-reborn", "a", "1").statusCode(200);
        given().delete(BASE + "hist-reborn").then().statusCode(200).body("revision", equalTo(3));
        createNamespace("hist-reborn");

        given().get(BASE + "hist-reborn/revisions").then()
                .body("revisions.kind", contains("create", "delete", "change", "create"));
        given().get(BASE + "hist-reborn/revisions/2/entries").then().body("entries.a", equalTo("1"));
        given().get(BASE + "hist-reborn/revisions/3/entries").then().body("entries", equalTo(Map.of()));
        given().get(BASE + "hist-reborn/revisions/4").then().body("revision.createdAt", notNullValue());
    }
}
