package io.liveconfig.server.tokens;

import java.net.URI;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.liveconfig.server.access.ApiTokens;
import io.liveconfig.server.api.ApiDocumentation;
import io.liveconfig.server.api.Caller;
import io.liveconfig.server.api.Problem;
import io.quarkus.security.Authenticated;

/**
 * The API tokens. An admin manages the tokens whose grants lie within its own admin scopes (the global admin: all); the
 * rule depends on the token's grants, so the routes check it themselves rather than in an annotation.
 */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocumentation.TAG_TOKENS)
@APIResponse(responseCode = "500", description = ApiDocumentation.SERVER_ERROR, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "401", description = ApiDocumentation.UNAUTHENTICATED, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "403", description = "The caller is no admin, or the token's grants are not within "
        + "its admin scopes", content = {
                @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@Authenticated
public class TokenResource {

    private final ApiTokens tokens;
    private final Caller caller;

    TokenResource(ApiTokens tokens, Caller caller) {
        this.tokens = tokens;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List the API tokens", description = "Those the caller may manage, revoked ones too, "
            + "oldest first; never a token or its hash.")
    @APIResponse(responseCode = "200", description = "The tokens")
    public List<TokenView> list() {
        return tokens.list(caller.access()).stream().map(token -> TokenView.of(token, null)).toList();
    }

    @POST
    @Operation(summary = "Make an API token", description = "The answer holds the token: the only time it is shown. "
            + "Only grants within the caller's own admin scopes can be given.")
    @APIResponse(responseCode = "201", description = "The token, with its text in token")
    @APIResponse(responseCode = "400", description = "The name, a role or the expiry is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "409", description = "A token with this name exists and is not revoked", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    public RestResponse<TokenView> create(@NotNull NewToken body) {
        ApiTokens.Created created = tokens.create(body.name(), body.roles(), body.expiresAt(), caller.access(),
                caller.provenance());
        return RestResponse.ResponseBuilder
                .<TokenView>created(URI.create("/api/v1/tokens/" + created.token().id()))
                .entity(TokenView.of(created.token(), created.secret()))
                .build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke an API token", description = "It stops working at once on every server member; "
            + "it stays listed. Revoking a revoked token changes nothing.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such token", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    public void revoke(@PathParam("id") String id) {
        tokens.revoke(id, caller.access(), caller.provenance());
    }
}
