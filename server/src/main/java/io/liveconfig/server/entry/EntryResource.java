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
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.liveconfig.server.api.Names.NamespaceName;
import io.liveconfig.server.api.Names.PropertyKey;
import io.liveconfig.server.namespace.RevisionView;

/** Entries of one namespace. Keys go in the path percent-encoded: {@code %dev.db.url} is {@code %25dev.db.url}. */
@Path("/api/v1/namespaces/{namespace}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EntryResource {

    private final EntryService entries;

    EntryResource(EntryService entries) {
        this.entries = entries;
    }

    /** Every entry, with the revision as ETag. */
    @GET
    @Path("entries")
    public RestResponse<EntriesView> entries(@PathParam("namespace") @NamespaceName String namespace) {
        EntriesView view = entries.entries(namespace);
        return RestResponse.ResponseBuilder.ok(view).tag(new EntityTag(Long.toString(view.revision()))).build();
    }

    @GET
    @Path("entries/{key}")
    public EntryView entry(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("key") @PropertyKey String key) {
        return entries.entry(namespace, key);
    }

    @PUT
    @Path("entries/{key}")
    public EntryView put(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("key") @PropertyKey String key, @Valid @NotNull EntryValue body) {
        RevisionView revision = entries.apply(namespace, new ChangeSetRequest(Map.of(key, body.value()), List.of()));
        return new EntryView(namespace, key, body.value(), revision.revision());
    }

    @DELETE
    @Path("entries/{key}")
    public RevisionView delete(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("key") @PropertyKey String key) {
        return entries.apply(namespace, new ChangeSetRequest(Map.of(), List.of(key)));
    }

    /** Applies several puts and deletes as one revision. */
    @POST
    @Path("changes")
    public RevisionView apply(@PathParam("namespace") @NamespaceName String namespace,
            @Valid @NotNull ChangeSetRequest body) {
        return entries.apply(namespace, body);
    }
}
