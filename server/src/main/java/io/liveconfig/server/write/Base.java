package io.liveconfig.server.write;

import java.util.Map;

import io.liveconfig.server.schema.Schema;

/**
 * What a write starts from: its namespace as committed before it, read under the namespace's row lock (or, for a dry
 * run, as last committed).
 *
 * @param revision the revision the namespace is at before the write
 * @param entries its entries, unmodifiable
 */
public record Base(String namespace, long revision, Map<String, String> entries, Schema schema) {
}
