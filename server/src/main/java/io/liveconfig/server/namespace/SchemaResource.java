package io.liveconfig.server.namespace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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

import io.liveconfig.server.access.Permission;
import io.liveconfig.server.api.ApiDocumentation;
import io.liveconfig.server.api.Caller;
import io.liveconfig.server.api.ConditionalHeaders;
import io.liveconfig.server.api.Names.NamespaceName;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.core.RevisionKind;
import io.liveconfig.server.read.NamespaceReader;
import io.liveconfig.server.schema.SchemaDocument;
import io.liveconfig.server.write.Plan;
import io.liveconfig.server.write.WriteService;
import io.liveconfig.server.write.Written;
import io.quarkus.security.PermissionsAllowed;

/**
 * The typed schema of a namespace. Replacing it is a revision of the namespace, refused with 422 if the current values
 * break it, so values and schema always agree; and refused with 409, whatever the values are, if it would make a held
 * secret value plain or check one against changed rules, unless the caller drops those values with it.
 * <p>
 * {@code Schema} here is the OpenAPI annotation; this class needs only {@link SchemaDocument} of the schema package.
 */
@Path("/api/v1/namespaces/{namespace}/schema")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocumentation.TAG_SCHEMA)
@APIResponse(responseCode = "500", description = ApiDocumentation.SERVER_ERROR, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "401", description = ApiDocumentation.UNAUTHENTICATED, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "403", description = ApiDocumentation.FORBIDDEN, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
public class SchemaResource {

    private final NamespaceReader namespaces;
    private final WriteService writes;
    private final Caller caller;

    SchemaResource(NamespaceReader namespaces, WriteService writes, Caller caller) {
        this.namespaces = namespaces;
        this.writes = writes;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Get the schema of a namespace")
    @APIResponse(responseCode = "200", description = "The schema; without rules and not strict if none was set")
    @APIResponse(responseCode = "400", description = "The namespace name is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or it is deleted", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.READ)
    public SchemaDocument get(@PathParam("namespace") @NamespaceName String namespace) {
        return namespaces.current(namespace).schema().document();
    }

    @PUT
    @APIResponse(responseCode = "503", description = ApiDocumentation.MEMBER_DOWN, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Operation(summary = "Replace the schema of a namespace", description = "Makes the namespace's next revision, "
            + "refused if the current values break the new schema. A secret key that holds a value must stay secret "
            + "under the same checks of its values (type, bounds, lengths, pattern, allowed values); otherwise the "
            + "schema is refused, or with dropSecretValues=true replaces it and removes that value.")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = ApiDocumentation.IF_MATCH_DOC)
    @Parameter(name = "dropSecretValues", in = ParameterIn.QUERY, description = "true: remove, in the same revision, "
            + "the value of each secret key that the new schema makes plain or checks by other rules, instead of "
            + "refusing it with 409. The new schema is then checked against what remains (a required key removed "
            + "gets 422). The revision's audit event names the keys.")
    @APIResponse(responseCode = "200", description = "The revision that replaced the schema", headers = {
            @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The namespace name or a header is invalid, or the body is not "
            + "a valid schema; the problem lists each invalid rule", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or it is deleted", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "409", description = "Without dropSecretValues=true: the new schema would make a "
            + "secret key that holds a value plain (type secret-downgrade), or change how its value is checked "
            + "(type secret-rule-change), whatever that value is; the problem lists each key, never a value", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "412", description = ApiDocumentation.STALE_REVISION, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "413", description = ApiDocumentation.BODY_TOO_LARGE, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "415", description = ApiDocumentation.NOT_JSON, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "422", description = "The current values break the new schema, or it declares secret "
            + "keys and the server has no liveconfig.secrets.encryption-key", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "428", description = ApiDocumentation.IF_MATCH_REQUIRED, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.ADMIN)
    public RestResponse<Written> put(@PathParam("namespace") @NamespaceName String namespace,
            @Valid @NotNull SchemaDocument body, @RestHeader("If-Match") String ifMatch,
            @QueryParam("dropSecretValues") @DefaultValue("false") boolean dropSecretValues) {
        Written written = writes.change(namespace, RevisionKind.SCHEMA, caller.provenance(),
                ConditionalHeaders.parse(ifMatch), base -> Plan.schema(body, dropSecretValues, "schema replaced"));
        return ConditionalHeaders.withRevision(written, written.revision());
    }
}
