package io.liveconfig.server.namespace;

import jakarta.validation.constraints.NotNull;

/**
 * The policies of a namespace that are not content.
 *
 * @param requireIfMatch whether writes must send If-Match (412 when stale, 428 when missing)
 */
public record NamespaceSettings(@NotNull Boolean requireIfMatch) {
}
