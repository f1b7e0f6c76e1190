package io.liveconfig.server.namespace;

import io.liveconfig.server.api.Names.NamespaceName;

/**
 * Request to create a namespace.
 *
 * @param name the new namespace's name
 * @param requireIfMatch whether writes must send If-Match (412 when stale, 428 when missing)
 */
public record NewNamespace(@NamespaceName String name, boolean requireIfMatch) {
}
