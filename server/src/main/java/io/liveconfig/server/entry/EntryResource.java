package io.liveconfig.server.entry;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.liveconfig.server.api.ApiException;
import io.liveconfig.server.api.Caller;
import io.liveconfig.server.api.Names.NamespaceName;
import io.liveconfig.server.api.Names.PropertyKey;
import io.liveconfig.server.api.Preconditions;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.namespace.RevisionView;

/**
 * Entries of one namespace. Keys go in the path percent-encoded: {@code %dev.db.url} is {@code %25dev.db.url}. Reads
 * carry the namespace revision as ETag; writes accept {@code If-Match} with it.
 */
@Path("/api/v1/namespaces/{namespace}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EntryResource {

    private final EntryService entries;
    private final Caller caller;

    EntryResource(EntryService entries, Caller caller) {
        this.entries = entries;
        this.caller = caller;
    }

    @GET
    @Path("entries")
    public RestResponse<EntriesView> entries(@PathParam("namespace") @NamespaceName String namespace) {
        EntriesView view = entries.entries(namespace);
        return withRevision(view, view.revision());
    }

    @GET
    @Path("entries/{key}")
    public RestResponse<EntryView> entry(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("key") @PropertyKey String key) {
        EntryView view = entries.entry(namespace, key);
        return withRevision(view, view.revision());
    }

    /** Sets one value; {@code If-None-Match: *} only creates it. */
    @PUT
    @Path("entries/{key}")
    public RestResponse<EntryView> put(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("key") @PropertyKey String key, @Valid @NotNull EntryValue body,
            @RestHeader("If-Match") String ifMatch, @RestHeader("If-None-Match") String ifNoneMatch) {
        RevisionView revision = entries.apply(namespace,
                new ChangeSetRequest(Map.of(key, body.value()), List.of(), body.note()), caller.provenance(),
                Preconditions.of(ifMatch, ifNoneMatch));
        return withRevision(new EntryView(namespace, key, body.value(), revision.revision()), revision.revision());
    }

    @DELETE
    @Path("entries/{key}")
    public RestResponse<RevisionView> delete(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("key") @PropertyKey String key, @RestHeader("If-Match") String ifMatch) {
        RevisionView revision = entries.apply(namespace, new ChangeSetRequest(Map.of(), List.of(key), null),
                caller.provenance(), Preconditions.of(ifMatch, null));
        return withRevision(revision, revision.revision());
    }

    /** Applies several puts and deletes as one revision. */
    @POST
    @Path("changes")
    public RestResponse<RevisionView> apply(@PathParam("namespace") @NamespaceName String namespace,
            @Valid @NotNull ChangeSetRequest body, @RestHeader("If-Match") String ifMatch) {
        RevisionView revision = entries.apply(namespace, body, caller.provenance(), Preconditions.of(ifMatch, null));
        return withRevision(revision, revision.revision());
    }

    /** Dry run of a change set: 200 if it would be accepted, else the 422 it would get. Changes nothing. */
    @POST
    @Path("validate")
    public Map<String, Object> validate(@PathParam("namespace") @NamespaceName String namespace,
            @Valid @NotNull ChangeSetRequest body) {
        List<Problem.Violation> violations = entries.validate(namespace, body);
        if (!violations.isEmpty()) {
            throw ApiException.schemaViolated(namespace, violations);
        }
        return Map.of("valid", true);
    }

    static <T> RestResponse<T> withRevision(T body, long revision) {
        return RestResponse.ResponseBuilder.ok(body).header(HttpHeaders.ETAG, Preconditions.etag(revision)).build();
    }
}
