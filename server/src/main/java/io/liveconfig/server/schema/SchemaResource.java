package io.liveconfig.server.schema;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;

import io.liveconfig.server.api.Caller;
import io.liveconfig.server.api.Names.NamespaceName;
import io.liveconfig.server.api.Preconditions;
import io.liveconfig.server.namespace.NamespaceService;
import io.liveconfig.server.namespace.NamespaceService.Plan;
import io.liveconfig.server.namespace.RevisionView;

/**
 * The typed schema of a namespace. Replacing it is a revision of the namespace, refused with 422 if the current values
 * break it, so values and schema always agree.
 */
@Path("/api/v1/namespaces/{namespace}/schema")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SchemaResource {

    private final NamespaceService namespaces;
    private final Caller caller;

    SchemaResource(NamespaceService namespaces, Caller caller) {
        this.namespaces = namespaces;
        this.caller = caller;
    }

    @GET
    public SchemaDocument get(@PathParam("namespace") @NamespaceName String namespace) {
        return namespaces.current(namespace).schema().document();
    }

    @PUT
    public RevisionView put(@PathParam("namespace") @NamespaceName String namespace,
            @Valid @NotNull SchemaDocument body, @RestHeader("If-Match") String ifMatch) {
        return namespaces.write(namespace, "schema", caller.provenance(), Preconditions.of(ifMatch, null),
                current -> new Plan(java.util.Map.of(), java.util.Set.of(), java.util.Optional.of(body),
                        "schema replaced"));
    }
}
