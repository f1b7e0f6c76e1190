package io.liveconfig.server.store;

import java.time.OffsetDateTime;

/**
 * A namespace as the API shows it.
 *
 * @param name the namespace name
 * @param revision its current revision
 * @param entryCount how many keys it holds
 * @param createdAt when it was created (or re-created)
 * @param updatedAt when its last revision was committed
 * @param requireIfMatch whether writes must send If-Match
 */
public record NamespaceSummary(String name, long revision, int entryCount, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, boolean requireIfMatch) {
}
