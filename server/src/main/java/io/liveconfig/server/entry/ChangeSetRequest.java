package io.liveconfig.server.entry;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Size;

import io.liveconfig.server.api.Names.PropertyKey;
import io.liveconfig.server.api.Names.PropertyValue;
import io.liveconfig.server.core.PlainText;

/**
 * Several changes of one namespace that commit as one revision and reach apps all at once.
 *
 * @param put keys to set, with their values
 * @param delete keys to remove; each must exist
 * @param note why, for the history
 */
public record ChangeSetRequest(
        @Size(max = MAX_CHANGES) Map<@PropertyKey String, @PropertyValue String> put,
        @Size(max = MAX_CHANGES) List<@PropertyKey String> delete,
        @Size(max = 1024) @PlainText String note) {

    public static final int MAX_CHANGES = 10_000;

    public ChangeSetRequest {
        put = put == null ? Map.of() : put;
        delete = delete == null ? List.of() : delete;
    }
}
