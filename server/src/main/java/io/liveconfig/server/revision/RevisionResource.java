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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
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
import io.liveconfig.server.revision.RevisionViews.Detail;
import io.liveconfig.server.revision.RevisionViews.Diff;
import io.liveconfig.server.revision.RevisionViews.Page;
import io.liveconfig.server.write.Written;
import io.quarkus.security.PermissionsAllowed;

/**
 * The history of a namespace. A deleted namespace's history stays readable, so reads answer 404 for the namespace only
 * if it never existed.
 */
@Path("/api/v1/namespaces/{namespace}/revisions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocumentation.TAG_REVISIONS)
@APIResponse(responseCode = "500", description = ApiDocumentation.SERVER_ERROR, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "401", description = ApiDocumentation.UNAUTHENTICATED, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "403", description = ApiDocumentation.FORBIDDEN, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
public class RevisionResource {

    private final RevisionService revisions;
    private final Caller caller;

    RevisionResource(RevisionService revisions, Caller caller) {
        this.revisions = revisions;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List the revisions of a namespace", description = "Newest first, one page at a time.")
    @APIResponse(responseCode = "200", description = "One page of revisions; nextPage is the next one's number, "
            + "absent on the last page")
    @APIResponse(responseCode = "400", description = "The namespace name, page or size is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "The namespace never existed", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.READ)
    public Page list(@PathParam("namespace") @NamespaceName String namespace,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return revisions.list(namespace, page, size);
    }

    @GET
    @Path("{revision}")
    @Operation(summary = "Get one revision and what it changed")
    @APIResponse(responseCode = "200", description = "The revision with each key it changed, secret values masked")
    @APIResponse(responseCode = "400", description = "The namespace name or the revision is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "410", description = ApiDocumentation.REVISION_PRUNED, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "The namespace never existed, or lacks the revision", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.READ)
    public Detail get(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("revision") @Min(1) long revision) {
        return revisions.get(namespace, revision);
    }

    @GET
    @Path("{revision}/entries")
    @Operation(summary = "Get the entries of a namespace at a revision")
    @APIResponse(responseCode = "200", description = "Every entry as it was at that revision, secret values masked")
    @APIResponse(responseCode = "400", description = "The namespace name or the revision is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "410", description = ApiDocumentation.REVISION_PRUNED, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "The namespace never existed, or lacks the revision", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.READ)
    public RevisionViews.Content contentAt(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("revision") @Min(1) long revision) {
        return revisions.contentAt(namespace, revision);
    }

    @GET
    @Path("{from}/diff/{to}")
    @Operation(summary = "Compare a namespace at two revisions")
    @APIResponse(responseCode = "200", description = "Each key whose value differs between the two revisions, "
            + "secret values masked; a secret key is listed whenever it was written in between, even to an equal "
            + "value, so that a diff does not tell whether two secret values are equal")
    @APIResponse(responseCode = "400", description = "The namespace name or a revision is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "410", description = ApiDocumentation.REVISION_PRUNED, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "The namespace never existed, or lacks a revision", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.READ)
    public Diff diff(@PathParam("namespace") @NamespaceName String namespace, @PathParam("from") @Min(1) long from,
            @PathParam("to") @Min(1) long to) {
        return revisions.diff(namespace, from, to);
    }

    @POST
    @APIResponse(responseCode = "503", description = ApiDocumentation.MEMBER_DOWN, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Path("{revision}/rollback")
    @Operation(summary = "Roll a namespace back to a revision", description = "Adds a revision whose content equals "
            + "that of the earlier one; the history is never rewritten. The body, with a note, is optional.")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = ApiDocumentation.IF_MATCH_DOC)
    @APIResponse(responseCode = "200", description = "The revision that the rollback made", headers = {
            @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The namespace name, the revision, the note or a header is "
            + "invalid, or the body is not JSON", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "410", description = ApiDocumentation.REVISION_PRUNED, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace or revision, or it is deleted", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "409", description = "That revision holds secret values that the schema may have "
            + "changed the rules of since they were written (type secret-rule-change): checking them would reveal "
            + "whether they match, so they are not brought back, whatever they are; the problem lists each key", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "412", description = ApiDocumentation.STALE_REVISION, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "413", description = ApiDocumentation.WRITE_TOO_LARGE, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "415", description = ApiDocumentation.NOT_JSON, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "422", description = "The content of that revision breaks the namespace's current "
            + "schema, or holds values that were secret and the current schema would publish in clear (type "
            + "secret-exposure), or " + ApiDocumentation.QUOTA_REACHED, content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "428", description = ApiDocumentation.IF_MATCH_REQUIRED, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.WRITE)
    public RestResponse<Written> rollback(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("revision") @Min(1) long revision,
            @RequestBody(required = false, description = "A note for the history; the body may be left out") @Valid RollbackRequest body,
            @RestHeader("If-Match") String ifMatch) {
        Written written = revisions.rollback(namespace, revision, body == null ? null : body.note(),
                caller.provenance(), ConditionalHeaders.parse(ifMatch));
        return ConditionalHeaders.withRevision(written, written.revision());
    }
}
