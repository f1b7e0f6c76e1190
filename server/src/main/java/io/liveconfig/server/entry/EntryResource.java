package io.liveconfig.server.entry;

import static io.liveconfig.server.api.ConditionalHeaders.withRevision;

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
import io.liveconfig.server.api.Names.PropertyKey;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.Violation;
import io.liveconfig.server.write.Written;
import io.quarkus.security.PermissionsAllowed;

/**
 * Entries of one namespace. Keys go in the path percent-encoded: {@code %dev.db.url} is {@code %25dev.db.url}. Reads
 * carry the namespace revision as ETag; writes accept {@code If-Match} with it.
 */
@Path("/api/v1/namespaces/{namespace}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocumentation.TAG_ENTRIES)
@APIResponse(responseCode = "500", description = ApiDocumentation.SERVER_ERROR, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "401", description = ApiDocumentation.UNAUTHENTICATED, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "403", description = ApiDocumentation.FORBIDDEN, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
public class EntryResource {

    private final EntryService entries;
    private final Caller caller;

    EntryResource(EntryService entries, Caller caller) {
        this.entries = entries;
        this.caller = caller;
    }

    @GET
    @Path("entries")
    @Operation(summary = "List the entries of a namespace")
    @APIResponse(responseCode = "200", description = "Every entry, secret values masked", headers = {
            @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The namespace name is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or it is deleted", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.READ)
    public RestResponse<EntriesView> entries(@PathParam("namespace") @NamespaceName String namespace) {
        EntriesView view = entries.entries(namespace);
        return withRevision(view, view.revision());
    }

    @GET
    @Path("entries/{key}")
    @Operation(summary = "Get one entry")
    @APIResponse(responseCode = "200", description = "The entry, its value masked if secret", headers = {
            @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The namespace name or the key is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or no such key in it", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.READ)
    public RestResponse<EntryView> entry(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("key") @PropertyKey String key) {
        EntryView view = entries.entry(namespace, key);
        return withRevision(view, view.revision());
    }

    /** Sets one value; {@code If-None-Match: *} only creates it. */
    @PUT
    @APIResponse(responseCode = "503", description = ApiDocumentation.MEMBER_DOWN, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Path("entries/{key}")
    @Operation(summary = "Set one entry", description = "Creates or replaces the key as the namespace's next revision.")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = ApiDocumentation.IF_MATCH_DOC)
    @Parameter(name = "If-None-Match", in = ParameterIn.HEADER, description = ApiDocumentation.IF_NONE_MATCH_DOC)
    @APIResponse(responseCode = "200", description = "The entry as set, at the revision that set it", headers = {
            @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The namespace name or the key is invalid, the body is not JSON "
            + "with a value, or a header is invalid", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or it is deleted", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "412", description = "If-Match names a revision other than the namespace's current "
            + "one, or If-None-Match is * and the key exists", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "413", description = ApiDocumentation.WRITE_TOO_LARGE, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "415", description = ApiDocumentation.NOT_JSON, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "422", description = "The value breaks the namespace's schema, or "
            + ApiDocumentation.QUOTA_REACHED, content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "428", description = "The namespace requires If-Match on writes and neither If-Match "
            + "nor If-None-Match: * was sent", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.WRITE)
    public RestResponse<EntryView> put(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("key") @PropertyKey String key, @Valid @NotNull EntryValue body,
            @RestHeader("If-Match") String ifMatch, @RestHeader("If-None-Match") String ifNoneMatch) {
        Written revision = entries.apply(namespace,
                new ChangeSetRequest(Map.of(key, body.value()), List.of(), body.note()), caller.provenance(),
                ConditionalHeaders.parse(ifMatch, ifNoneMatch));
        return withRevision(new EntryView(namespace, key, entries.shown(namespace, key, body.value()),
                revision.revision()), revision.revision());
    }

    @DELETE
    @APIResponse(responseCode = "503", description = ApiDocumentation.MEMBER_DOWN, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Path("entries/{key}")
    @Operation(summary = "Delete one entry", description = "Removes the key as the namespace's next revision.")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = ApiDocumentation.IF_MATCH_DOC)
    @APIResponse(responseCode = "200", description = "The revision that removed the key", headers = {
            @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The namespace name, the key or If-Match is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or no such key in it", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "412", description = ApiDocumentation.STALE_REVISION, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "422", description = "The namespace's schema requires the key", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "428", description = ApiDocumentation.IF_MATCH_REQUIRED, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.WRITE)
    public RestResponse<Written> delete(@PathParam("namespace") @NamespaceName String namespace,
            @PathParam("key") @PropertyKey String key, @RestHeader("If-Match") String ifMatch) {
        Written revision = entries.apply(namespace, new ChangeSetRequest(Map.of(), List.of(key), null),
                caller.provenance(), ConditionalHeaders.parse(ifMatch));
        return withRevision(revision, revision.revision());
    }

    /** Applies several puts and deletes as one revision. */
    @POST
    @APIResponse(responseCode = "503", description = ApiDocumentation.MEMBER_DOWN, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Path("changes")
    @Operation(summary = "Apply a change set", description = "Its puts and deletes commit as one revision, all or "
            + "nothing, and reach apps at once.")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = ApiDocumentation.IF_MATCH_DOC)
    @APIResponse(responseCode = "200", description = "The revision that the change set made", headers = {
            @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The namespace name, a key, a value or a header is invalid, or "
            + "the change set is empty or names a key twice", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or a key to delete is absent", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "412", description = ApiDocumentation.STALE_REVISION, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "413", description = ApiDocumentation.WRITE_TOO_LARGE, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "415", description = ApiDocumentation.NOT_JSON, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "422", description = "The result breaks the namespace's schema (the problem lists "
            + "each violation), or " + ApiDocumentation.QUOTA_REACHED, content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "428", description = ApiDocumentation.IF_MATCH_REQUIRED, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.WRITE)
    public RestResponse<Written> apply(@PathParam("namespace") @NamespaceName String namespace,
            @Valid @NotNull ChangeSetRequest body, @RestHeader("If-Match") String ifMatch) {
        Written revision = entries.apply(namespace, body, caller.provenance(), ConditionalHeaders.parse(ifMatch));
        return withRevision(revision, revision.revision());
    }

    /** Dry run of a change set: 200 if it would be accepted, else the 422 it would get. Changes nothing. */
    @POST
    @Path("validate")
    @Operation(summary = "Check a change set without applying it", description = "Answers 200 if applying it now "
            + "would be accepted, else the 422 it would get; changes nothing.")
    @APIResponse(responseCode = "200", description = "The change set would be accepted: {\"valid\": true}")
    @APIResponse(responseCode = "400", description = "The namespace name, a key or a value is invalid, or the change "
            + "set is empty or names a key twice", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "No such namespace, or it is deleted", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "413", description = ApiDocumentation.WRITE_TOO_LARGE, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "415", description = ApiDocumentation.NOT_JSON, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "422", description = "The change set would be refused: the result breaks the "
            + "namespace's schema, or a key to delete does not exist (the problem lists each), or "
            + ApiDocumentation.QUOTA_REACHED, content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.WRITE)
    public Map<String, Object> validate(@PathParam("namespace") @NamespaceName String namespace,
            @Valid @NotNull ChangeSetRequest body) {
        List<Violation> violations = entries.validate(namespace, body);
        if (!violations.isEmpty()) {
            throw Refusal.schemaViolated(namespace, violations);
        }
        return Map.of("valid", true);
    }
}
