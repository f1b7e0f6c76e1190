package io.liveconfig.server.namespace;

import java.net.URI;
import java.util.List;

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

import io.liveconfig.server.api.Caller;
import io.liveconfig.server.api.Names.NamespaceName;
import io.liveconfig.server.api.Preconditions;

@Path("/api/v1/namespaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NamespaceResource {

    private final NamespaceService namespaces;
    private final Caller caller;

    NamespaceResource(NamespaceService namespaces, Caller caller) {
        this.namespaces = namespaces;
        this.caller = caller;
    }

    @GET
    public List<NamespaceView> list() {
        return namespaces.list();
    }

    @POST
    public RestResponse<NamespaceView> create(@Valid @NotNull NewNamespace body) {
        NamespaceView created = namespaces.create(body.name(), body.requireIfMatch(), caller.provenance());
        return RestResponse.ResponseBuilder.<NamespaceView>created(URI.create("/api/v1/namespaces/" + created.name()))
                .entity(created)
                .header(HttpHeaders.ETAG, Preconditions.etag(created.revision()))
                .build();
    }

    @GET
    @Path("{namespace}")
    public RestResponse<NamespaceView> get(@PathParam("namespace") @NamespaceName String namespace) {
        NamespaceView view = namespaces.get(namespace);
        return RestResponse.ResponseBuilder.ok(view).header(HttpHeaders.ETAG, Preconditions.etag(view.revision()))
                .build();
    }

    @PUT
    @Path("{namespace}/settings")
    public NamespaceView settings(@PathParam("namespace") @NamespaceName String namespace,
            @Valid @NotNull NamespaceSettings body) {
        return namespaces.updateSettings(namespace, body, caller.provenance());
    }

    @DELETE
    @Path("{namespace}")
    public RevisionView delete(@PathParam("namespace") @NamespaceName String namespace,
            @RestHeader("If-Match") String ifMatch) {
        return namespaces.delete(namespace, caller.provenance(), Preconditions.of(ifMatch, null));
    }
}
