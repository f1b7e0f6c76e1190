package io.liveconfig.server.audit;

import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.liveconfig.server.access.Permission;
import io.liveconfig.server.api.ApiDocumentation;
import io.liveconfig.server.api.Names;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.store.AuditEvent;
import io.liveconfig.server.store.AuditStore;
import io.liveconfig.server.store.Transactions;
import io.quarkus.security.PermissionsAllowed;

/** The audit log: every create, change, rollback, import, schema and settings change and delete. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocumentation.TAG_AUDIT)
@APIResponse(responseCode = "500", description = ApiDocumentation.SERVER_ERROR, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "401", description = ApiDocumentation.UNAUTHENTICATED, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "403", description = ApiDocumentation.FORBIDDEN, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
public class AuditResource {

    private final AuditStore store;

    AuditResource(AuditStore store) {
        this.store = store;
    }

    /** Newest first; the next page is {@code before=<id of the last event>}. */
    @GET
    @Operation(summary = "Query the audit log", description = "Newest first, of every namespace (global admin) or of "
            + "one (its admin); for the next page, pass before with the id of the last event.")
    @APIResponse(responseCode = "200", description = "Up to limit events, newest first; empty for a namespace "
            + "without events")
    @APIResponse(responseCode = "400", description = "The namespace, before or limit parameter is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.AUDIT)
    public List<AuditEvent> query(@QueryParam("namespace") @Pattern(regexp = Names.NAMESPACE_PATTERN) String namespace,
            @QueryParam("before") @Min(1) Long before,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return Transactions.read(() -> store.query(Optional.ofNullable(namespace), Optional.ofNullable(before), limit));
    }
}
