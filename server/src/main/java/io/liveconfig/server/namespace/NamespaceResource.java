package io.liveconfig.server.namespace;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.liveconfig.server.access.Access;
import io.liveconfig.server.access.Permission;
import io.liveconfig.server.access.Role;
import io.liveconfig.server.api.ApiDocumentation;
import io.liveconfig.server.api.Caller;
import io.liveconfig.server.api.ConditionalHeaders;
import io.liveconfig.server.api.Names.NamespaceName;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.read.NamespaceReader;
import io.liveconfig.server.store.NamespaceSummary;
import io.liveconfig.server.write.WriteService;
import io.liveconfig.server.write.Written;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;

@Path("/api/v1/namespaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocumentation.TAG_NAMESPACES)
@APIResponse(responseCode = "500", description = ApiDocumentation.SERVER_ERROR, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "401", description = ApiDocumentation.UNAUTHENTICATED, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "403", description = ApiDocumentation.FORBIDDEN, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
public class NamespaceResource {

    private final NamespaceReader namespaces;
    private final WriteService writes;
    private final Caller caller;

    NamespaceResource(NamespaceReader namespaces, WriteService writes, Caller caller) {
        this.namespaces = namespaces;
        this.writes = writes;
        this.caller = caller;
    }

    /** The default and the largest page of {@link #list}. */
    static final int PAGE_DEFAULT = 1000;
    static final int PAGE_MAX = 1000;

    @GET
    @Authenticated
    @Operation(summary = "List the namespaces", description = "Those the caller may read, by name, a page at a time: "
            + "at most limit of them, those after the name given as after. When there are more, the Link header "
            + "gives the next page's URL (rel=\"next\").")
    @APIResponse(responseCode = "200", description = "Namespaces that are not deleted and that the caller may read, "
            + "by name", headers = {@Header(name = "Link", description = "<next page's URL>; rel=\"next\", when "
                    + "there are more")})
    @APIResponse(responseCode = "400", description = "limit is not 1 to " + PAGE_MAX + ", or after is not a "
            + "namespace name", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    public RestResponse<List<NamespaceSummary>> list(
            @Parameter(description = "How many namespaces at most, 1 to "
                    + PAGE_MAX) @QueryParam("limit") @DefaultValue("" + PAGE_DEFAULT) @Min(1) @Max(PAGE_MAX) int limit,
            @Parameter(description = "Only those whose names sort after this one: the last name of the previous page") @QueryParam("after") @Size(max = 64) String after) {
        Access access = caller.access();
        List<NamespaceSummary> page = new ArrayList<>();
        String cursor = after == null ? "" : after;
        boolean more = false;
        while (!more) {
            List<NamespaceSummary> batch = namespaces.listAfter(cursor, limit + 1);
            for (NamespaceSummary namespace : batch) {
                if (!access.allows(Role.READER, namespace.name())) {
                    continue;
                }
                if (page.size() == limit) {
                    more = true;
                    break;
                }
                page.add(namespace);
            }
            if (batch.size() <= limit) {
                break;
            }
            cursor = batch.get(batch.size() - 1).name();
        }
        RestResponse.ResponseBuilder<List<NamespaceSummary>> response = RestResponse.ResponseBuilder.ok(page);
        if (more) {
            String next = "/api/v1/namespaces?limit=" + limit + "&after=" + page.get(page.size() - 1).name();
            response.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return response.build();
    }

    @POST
    @APIResponse(responseCode = "503", description = ApiDocumentation.MEMBER_DOWN, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Operation(summary = "Create a namespace", description = "A deleted namespace comes back empty and without schema, "
            + "continuing its revisions.")
    @APIResponse(responseCode = "201", description = "The namespace, created at its next revision", headers = {
            @Header(name = HttpHeaders.LOCATION, description = "The namespace's URL"),
            @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)}, content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = NamespaceSummary.class))})
    @APIResponse(responseCode = "400", description = "The body is not JSON with a valid namespace name, or "
            + "a header is invalid", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "409", description = "A namespace with this name exists", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "422", description = "The server holds liveconfig.limits.namespaces-per-server "
            + "namespaces (1,000 by default): problem type limit-exceeded", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "413", description = ApiDocumentation.BODY_TOO_LARGE, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "415", description = ApiDocumentation.NOT_JSON, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Authenticated // and admin of the new name, which is in the body
    public RestResponse<NamespaceSummary> create(@Valid @NotNull NewNamespace body) {
        caller.require(Role.ADMIN, body.name());
        writes.create(body.name(), body.requireIfMatch(), caller.provenance());
        NamespaceSummary created = namespaces.summary(body.name());
        return RestResponse.ResponseBuilder
                .<NamespaceSummary>created(URI.create("/api/v1/namespaces/" + created.name()))
                .entity(created)
                .header(HttpHeaders.ETAG, ConditionalHeaders.etag(created.revision()))
                .build();
    }

    @GET
    @Path("{namespace}")
    @Operation(summary = "Get a namespace")
    @APIResponse(responseCode = "200", description = "The namespace at its current revision", headers = {
            @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The namespace name is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or it is deleted", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.READ)
    public RestResponse<NamespaceSummary> get(@PathParam("namespace") @NamespaceName String namespace) {
        NamespaceSummary view = namespaces.summary(namespace);
        return ConditionalHeaders.withRevision(view, view.revision());
    }

    @PUT
    @Path("{namespace}/settings")
    @Operation(summary = "Change the settings of a namespace", description = "Settings are not content: this makes no "
            + "revision, but it is audited.")
    @APIResponse(responseCode = "200", description = "The namespace with its new settings; ETag is its revision, "
            + "which settings do not change", headers = {
                    @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The namespace name is invalid, the body is not JSON with "
            + "requireIfMatch", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or it is deleted", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "413", description = ApiDocumentation.BODY_TOO_LARGE, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "415", description = ApiDocumentation.NOT_JSON, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.ADMIN)
    public RestResponse<NamespaceSummary> settings(@PathParam("namespace") @NamespaceName String namespace,
            @Valid @NotNull NamespaceSettings body) {
        writes.updateSettings(namespace, body.requireIfMatch(), caller.provenance());
        NamespaceSummary view = namespaces.summary(namespace);
        return ConditionalHeaders.withRevision(view, view.revision());
    }

    @DELETE
    @APIResponse(responseCode = "503", description = ApiDocumentation.MEMBER_DOWN, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Path("{namespace}")
    @Operation(summary = "Delete a namespace", description = "Its entries go and apps see it deleted; its history "
            + "stays readable, and creating it again continues its revisions.")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = ApiDocumentation.IF_MATCH_DOC)
    @APIResponse(responseCode = "200", description = "The revision that deleted the namespace", headers = {
            @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The namespace name or If-Match is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or it is already deleted", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "412", description = ApiDocumentation.STALE_REVISION, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "428", description = ApiDocumentation.IF_MATCH_REQUIRED, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.ADMIN)
    public RestResponse<Written> delete(@PathParam("namespace") @NamespaceName String namespace,
            @RestHeader("If-Match") String ifMatch) {
        Written deleted = writes.delete(namespace, caller.provenance(), ConditionalHeaders.parse(ifMatch));
        return ConditionalHeaders.withRevision(deleted, deleted.revision());
    }
}
