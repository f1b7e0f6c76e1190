package io.liveconfig.server.revision;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;

import io.liveconfig.server.api.Caller;
import io.liveconfig.server.api.Names.NamespaceName;
import io.liveconfig.server.api.Preconditions;
import io.liveconfig.server.namespace.RevisionView;
import io.liveconfig.server.revision.RevisionViews.Content;
import io.liveconfig.server.revision.RevisionViews.Detail;
import io.liveconfig.server.revision.RevisionViews.Diff;
import io.liveconfig.server.revision.RevisionViews.Page;

@Path("/api/v1/namespaces/{namespace}/revisions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RevisionResource {

    private final RevisionService revisions;
    private final Caller caller;

    RevisionResource(RevisionService revisions, Caller caller) {
        this.revisions = revisions;
        this.caller = caller;
    }

    @GET
    public Page list(@PathParam("namespace") @NamespaceName String namespace,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return revisions.list(namespace, page, size);
    }

    @GET
    @Path("{revision}")
    public Detail get(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("revision") @Min(1) long revision) {
        return revisions.get(namespace, revision);
    }

    @GET
    @Path("{revision}/entries")
    public Content contentAt(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("revision") @Min(1) long revision) {
        return revisions.contentAt(namespace, revision);
    }

    @GET
    @Path("{from}/diff/{to}")
    public Diff diff(@PathParam("namespace") @NamespaceName String namespace, @PathParam("from") @Min(1) long from,
            @PathParam("to") @Min(1) long to) {
        return revisions.diff(namespace, from, to);
    }

    @POST
    @Path("{revision}/rollback")
    public RevisionView rollback(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("revision") @Min(1) long revision, @Valid RollbackRequest body,
            @RestHeader("If-Match") String ifMatch) {
        return revisions.rollback(namespace, revision, body == null ? null : body.note(), caller.provenance(),
                Preconditions.of(ifMatch, null));
    }
}
