package io.liveconfig.server.entry;

import jakarta.validation.constraints.Size;

import io.liveconfig.server.api.Names.PropertyValue;
import io.liveconfig.server.core.PlainText;

/**
 * Request body that sets one value.
 *
 * @param value the new value
 * @param note why, for the history
 */
public record EntryValue(@PropertyValue String value, @Size(max = 1024) @PlainText String note) {
}
