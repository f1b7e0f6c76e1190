package io.liveconfig.server.entry;

import java.util.SortedMap;

/**
 * Every entry of a namespace at one revision.
 *
 * @param namespace the namespace
 * @param revision the revision these entries are at
 * @param entries key/value pairs, by key
 */
public record EntriesView(String namespace, long revision, SortedMap<String, String> entries) {
}
