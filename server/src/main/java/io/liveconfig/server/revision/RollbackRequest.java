package io.liveconfig.server.revision;

import jakarta.validation.constraints.Size;

import io.liveconfig.server.core.PlainText;

/**
 * Request body of a rollback; may be empty.
 *
 * @param note why, for the history
 */
public record RollbackRequest(@Size(max = 1024) @PlainText String note) {
}
