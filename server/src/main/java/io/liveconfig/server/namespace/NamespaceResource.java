package io.liveconfig.server.namespace;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.liveconfig.server.api.Names.NamespaceName;

@Path("/api/v1/namespaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NamespaceResource {

    private final NamespaceService namespaces;

    NamespaceResource(NamespaceService namespaces) {
        this.namespaces = namespaces;
    }

    @GET
    public List<NamespaceView> list() {
        return namespaces.list();
    }

    @POST
    public RestResponse<NamespaceView> create(@Valid @NotNull NewNamespace body) {
        NamespaceView created = namespaces.create(body.name());
        return RestResponse.ResponseBuilder.<NamespaceView>created(URI.create("/api/v1/namespaces/" + created.name()))
                .entity(created)
                .build();
    }

    @GET
    @Path("{namespace}")
    public NamespaceView get(@PathParam("namespace") @NamespaceName String namespace) {
        return namespaces.get(namespace);
    }

    @DELETE
    @Path("{namespace}")
    public RevisionView delete(@PathParam("namespace") @NamespaceName String namespace) {
        return namespaces.delete(namespace);
    }
}
