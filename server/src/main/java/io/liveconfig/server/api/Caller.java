package io.liveconfig.server.api;

import jakarta.enterprise.context.RequestScoped;

import io.liveconfig.server.access.Access;
import io.liveconfig.server.access.Role;
import io.liveconfig.server.core.Provenance;
import io.liveconfig.server.core.Refusal;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Who makes the current request and from where, for revisions and the audit log: the authenticated principal
 * ({@code token:<name>} or {@code oidc:<name>}) and the TCP peer's address. Nothing the client declares names it.
 */
@RequestScoped
public class Caller {

    private final HttpServerRequest request;
    private final SecurityIdentity identity;

    Caller(HttpServerRequest request, SecurityIdentity identity) {
        this.request = request;
        this.identity = identity;
    }

    public Provenance provenance() {
        SocketAddress peer = request.remoteAddress();
        return new Provenance(identity.getPrincipal().getName(), peer == null ? null : peer.hostAddress());
    }

    /** What the caller may do. */
    public Access access() {
        Access access = identity.getAttribute(Access.ATTRIBUTE);
        return access == null ? Access.NONE : access;
    }

    /** For the rules a route's annotations cannot state, such as the namespace named in a body. */
    public void require(Role role, String namespace) {
        if (!access().allows(role, namespace)) {
            throw Refusal.forbidden("Your grants " + access().grants() + " do not make you " + role.id()
                    + " of namespace '" + namespace + "'");
        }
    }
}
