package io.liveconfig.server.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.access.Access;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Gives every identity its {@link Access}, read from its roles: an API token's grants, or an OIDC token's roles (from
 * {@code quarkus.oidc.roles.role-claim-path}) that name grants; other roles grant nothing. OIDC principals are named
 * {@code oidc:<name>} so that the audit log tells them from tokens.
 */
@ApplicationScoped
public class AccessAugmentor implements SecurityIdentityAugmentor {

    public static final String OIDC = "oidc:";
    static final String TOKEN_ID = "liveconfig.token-id";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder augmented = QuarkusSecurityIdentity.builder(identity)
                .addAttribute(Access.ATTRIBUTE, Access.of(identity.getRoles()));
        String name = identity.getPrincipal().getName();
        if (identity.getAttribute(TOKEN_ID) == null && !name.startsWith(OIDC)) {
            augmented.setPrincipal(new QuarkusPrincipal(OIDC + name));
        }
        return Uni.createFrom().item(augmented.build());
    }

    /** What the identity may do; nothing for anonymous callers. */
    static Access access(SecurityIdentity identity) {
        Access access = identity.getAttribute(Access.ATTRIBUTE);
        return access == null ? Access.NONE : access;
    }
}
