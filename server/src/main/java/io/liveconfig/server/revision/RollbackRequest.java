package io.liveconfig.server.revision;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Request body of a rollback; may be empty.
 *
 * @param note why, for the history
 */
public record RollbackRequest(@Size(max = 1024) @Pattern(regexp = "[^\\x00]*") String note) {
}
