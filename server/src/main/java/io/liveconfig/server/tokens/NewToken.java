package io.liveconfig.server.tokens;

import java.time.Instant;
import java.util.List;

/**
 * Request to make an API token.
 *
 * @param name what history and audit call its holder ({@code token:<name>}); unique among tokens not revoked
 * @param roles its grants: {@code admin}, or {@code reader}, {@code writer} or {@code admin}, a colon and a namespace
 * name or a prefix ending in {@code *}
 * @param expiresAt when it stops working, if ever
 */
public record NewToken(String name, List<String> roles, Instant expiresAt) {
}
