package io.liveconfig.server.write;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.liveconfig.server.schema.SchemaDocument;

/**
 * What a write wants: keys to set and remove, optionally a new schema, and a note for the history.
 *
 * @param schema a replacement schema, or empty to keep the current one
 * @param dropSecretValues whether the replacement schema removes the secret values it would make plain or check against
 * changed rules, rather than being refused for them
 */
public record Plan(Map<String, String> puts, Set<String> deletes, Optional<SchemaDocument> schema,
        boolean dropSecretValues, String note) {

    public static Plan changes(Map<String, String> puts, Set<String> deletes, String note) {
        return new Plan(puts, deletes, Optional.empty(), false, note);
    }

    public static Plan schema(SchemaDocument schema, boolean dropSecretValues, String note) {
        return new Plan(Map.of(), Set.of(), Optional.of(schema), dropSecretValues, note);
    }

    /** Plans a write from what the namespace holds; may read the database and refuse with a Refusal. */
    @FunctionalInterface
    public interface Planner {
        Plan plan(Base base) throws SQLException;
    }
}
