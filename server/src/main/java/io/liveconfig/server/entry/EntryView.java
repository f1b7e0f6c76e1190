package io.liveconfig.server.entry;

/**
 * One entry of a namespace.
 *
 * @param namespace the namespace
 * @param key the property name
 * @param value its value
 * @param revision the namespace revision this value was read at, or that the write created
 */
public record EntryView(String namespace, String key, String value, long revision) {
}
