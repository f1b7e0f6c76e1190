package io.liveconfig.server.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.liveconfig.server.access.ApiTokens;
import io.liveconfig.server.api.AccessRefusals;
import io.liveconfig.server.api.Problem;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Takes {@code Authorization: Bearer lct_…} for our API tokens. Other bearer tokens are left to OIDC (when configured),
 * and nothing but this header counts: no cookie, no query parameter, so a browser never sends it by itself.
 */
@ApplicationScoped
public class ApiTokenMechanism implements HttpAuthenticationMechanism {

    static final String BEARER = "Bearer";
    /** Before OIDC's mechanism, which would otherwise take every bearer token for a JWT. */
    private static final int PRIORITY = DEFAULT_PRIORITY + 1000;

    private final AccessRefusals refusals;
    private final ObjectMapper json;

    ApiTokenMechanism(AccessRefusals refusals, ObjectMapper json) {
        this.refusals = refusals;
        this.json = json;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = bearerToken(context);
        if (token == null || !token.startsWith(ApiTokens.PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        return identities
                .authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenRequest(token), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", Problem.CHALLENGE));
    }

    /**
     * The 401 of a path that needs an identity ({@code /api/*}, {@code /q/metrics}), before any route sees the request:
     * problem+json like every other error of the API, counted and audited like every refusal.
     */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        refusals.refused(401, context.request().method().name(), context.request().path(), "anonymous",
                context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress());
        String problem;
        try {
            problem = json.writeValueAsString(Problem.unauthenticated(context.request().path()));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        context.response().setStatusCode(401).putHeader("WWW-Authenticate", Problem.CHALLENGE)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(problem);
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, BEARER));
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    private static String bearerToken(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length() + 1
                || !header.regionMatches(true, 0, BEARER + " ", 0, BEARER.length() + 1)) {
            return null;
        }
        return header.substring(BEARER.length() + 1).trim();
    }
}
