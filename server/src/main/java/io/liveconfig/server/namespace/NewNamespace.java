package io.liveconfig.server.namespace;

import io.liveconfig.server.api.Names.NamespaceName;

/**
 * Request to create a namespace.
 *
 * @param name the new namespace's name
 */
public record NewNamespace(@NamespaceName String name) {
}
