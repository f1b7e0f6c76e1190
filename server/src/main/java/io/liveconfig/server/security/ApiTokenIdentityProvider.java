package io.liveconfig.server.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.access.ApiTokens;
import io.liveconfig.server.access.Grant;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a valid API token into an identity named {@code token:<name>} whose roles are its grants. A token that is
 * unknown, revoked or expired fails alike: the caller learns nothing about which.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenRequest> {

    /** Principal names of token holders start with it; OIDC subjects with {@link AccessAugmentor#OIDC}. */
    public static final String TOKEN = "token:";

    private final ApiTokens tokens;

    ApiTokenIdentityProvider(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<ApiTokenRequest> getRequestType() {
        return ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Optional<ApiTokens.Holder> holder = tokens.authenticate(request.token());
            if (holder.isEmpty()) {
                throw new AuthenticationFailedException();
            }
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(TOKEN + holder.get().name()))
                    .addAttribute(AccessAugmentor.TOKEN_ID, holder.get().id());
            holder.get().grants().stream().map(Grant::toString).forEach(identity::addRole);
            return identity.build();
        });
    }
}
