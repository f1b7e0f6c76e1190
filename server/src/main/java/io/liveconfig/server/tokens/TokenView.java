package io.liveconfig.server.tokens;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.liveconfig.server.access.ApiTokens;
import io.liveconfig.server.access.Grant;

/**
 * An API token as listed: never the token or its hash.
 *
 * @param token the token itself: only in the answer that created it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(String id, String name, List<String> roles, Instant createdAt, String createdBy,
        Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String revokedBy, String token) {

    static TokenView of(ApiTokens.Token token, String secret) {
        return new TokenView(token.id(), token.name(), token.grants().stream().map(Grant::toString).toList(),
                token.createdAt(), token.createdBy(), token.expiresAt(), token.lastUsedAt(), token.revokedAt(),
                token.revokedBy(), secret);
    }
}
