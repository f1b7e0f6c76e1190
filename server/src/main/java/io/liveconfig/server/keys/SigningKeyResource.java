package io.liveconfig.server.keys;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.server.access.Grant;
import io.liveconfig.server.api.ApiDocumentation;
import io.liveconfig.server.api.Caller;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.Violation;
import io.liveconfig.server.publish.ClusterChanged;
import io.liveconfig.server.publish.ClusterView;
import io.liveconfig.server.signing.SigningKeys;
import io.quarkus.security.Authenticated;

/** The publication signing keys and their rotation (docs/security.md). */
@Path("/api/v1/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocumentation.TAG_SIGNING_KEYS)
@APIResponse(responseCode = "500", description = ApiDocumentation.SERVER_ERROR, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "401", description = ApiDocumentation.UNAUTHENTICATED, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "403", description = ApiDocumentation.FORBIDDEN, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
public class SigningKeyResource {

    private final SigningKeys keys;
    private final ClusterView cluster;
    private final Caller caller;
    private final Event<ClusterChanged> changes;

    SigningKeyResource(SigningKeys keys, ClusterView cluster, Caller caller, Event<ClusterChanged> changes) {
        this.keys = keys;
        this.cluster = cluster;
        this.caller = caller;
        this.changes = changes;
    }

    @GET
    @Operation(summary = "List the signing keys", description = "Apps trust the public keys listed here "
            + "(liveconfig.trust.public-keys): every publication is signed by the active one.")
    @APIResponse(responseCode = "200", description = "Every key, oldest first, without its private half")
    @Authenticated
    public List<SigningKeyView> list() {
        keys.refresh();
        return keys.list().stream().map(SigningKeyView::of).toList();
    }

    @POST
    @Operation(summary = "Create the next signing key", description = "The first step of a rotation: the key signs "
            + "nothing until it is activated. Give its public key to every app first.")
    @APIResponse(responseCode = "201", description = "The next key")
    @APIResponse(responseCode = "409", description = "A next key waits already", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @RolesAllowed(Grant.GLOBAL_ADMIN)
    public RestResponse<SigningKeyView> create() {
        return RestResponse.status(RestResponse.Status.CREATED, SigningKeyView.of(keys.create(caller.provenance())));
    }

    @POST
    @Path("{id}/activate")
    @Operation(summary = "Sign with the next key from now on", description = "The active key becomes previous and stays "
            + "valid; every namespace is published again with the new key. Refused while a running app instance "
            + "does not trust the key, unless force is true.")
    @APIResponse(responseCode = "200", description = "The key, now active")
    @APIResponse(responseCode = "404", description = "No such key", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "409", description = "It is not the next key, or running apps do not trust it", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @RolesAllowed(Grant.GLOBAL_ADMIN)
    public SigningKeyView activate(@PathParam("id") String id,
            @QueryParam("force") @DefaultValue("false") boolean force) {
        if (!force) {
            List<Violation> distrusting = new ArrayList<>();
            for (InstanceReport report : cluster.reports()) {
                if (!report.trusts().contains(id)) {
                    distrusting.add(new Violation("instance[" + report.instance() + "]", "app " + report.app()
                            + " on " + report.host() + " trusts " + report.trusts()));
                }
            }
            if (!distrusting.isEmpty()) {
                throw Refusal.signingKeyNotTrusted(id, distrusting);
            }
        }
        SigningKeyView active = SigningKeyView.of(keys.activate(id, caller.provenance()));
        // Publishes every namespace again, signed by the new key, rather than at the next repair.
        changes.fireAsync(new ClusterChanged("signing key " + id + " activated"));
        return active;
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Retire a signing key", description = "Publications signed with it are no longer the "
            + "server's; remove it from the apps' trust too. The active key cannot be retired.")
    @APIResponse(responseCode = "204", description = "Retired")
    @APIResponse(responseCode = "404", description = "No such key", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "409", description = "It is the active key", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @RolesAllowed(Grant.GLOBAL_ADMIN)
    public void retire(@PathParam("id") String id) {
        keys.retire(id, caller.provenance());
    }
}
