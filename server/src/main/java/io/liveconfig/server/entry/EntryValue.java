package io.liveconfig.server.entry;

import io.liveconfig.server.api.Names.PropertyValue;

/**
 * Request body that sets one value.
 *
 * @param value the new value
 */
public record EntryValue(@PropertyValue String value) {
}
