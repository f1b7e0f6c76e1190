package io.liveconfig.server.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token that looks like one of our API tokens, for {@link ApiTokenIdentityProvider} to check. */
final class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    ApiTokenRequest(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }
}
