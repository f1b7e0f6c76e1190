package io.liveconfig.server.entry;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Size;

import io.liveconfig.server.api.Names.PropertyKey;
import io.liveconfig.server.api.Names.PropertyValue;
import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.PlainText;

/**
 * Several changes of one namespace that commit as one revision and reach apps all at once.
 *
 * @param put keys to set, with their values; puts and deletes together at most
 * {@code liveconfig.limits.changes-per-change-set}, each value at most {@code liveconfig.limits.bytes-per-value}
 * @param delete keys to remove; each must exist
 * @param note why, for the history
 */
public record ChangeSetRequest(
        Map<@PropertyKey String, @PropertyValue String> put,
        List<@PropertyKey String> delete,
        @Size(max = 1024) @PlainText String note) {

    /**
     * The default of {@code liveconfig.limits.changes-per-change-set}: the write path checks the configured one, puts
     * and deletes together.
     */
    public static final int MAX_CHANGES = ServerConfig.Limits.DEFAULT_CHANGES_PER_CHANGE_SET;

    public ChangeSetRequest {
        put = put == null ? Map.of() : put;
        delete = delete == null ? List.of() : delete;
    }
}
