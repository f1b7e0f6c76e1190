package io.liveconfig.server.write;

/**
 * The outcome of a committed change: the namespace and the revision that the change created.
 *
 * @param namespace the namespace changed
 * @param revision the revision created by the change
 */
public record Written(String namespace, long revision) {
}
