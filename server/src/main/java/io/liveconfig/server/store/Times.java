package io.liveconfig.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants in and out of the database as {@link Timestamp}s, which both drivers map the same way (PostgreSQL: a
 * {@code TIMESTAMP WITH TIME ZONE}; SQLite: milliseconds since 1970), read back in UTC.
 */
final class Times {

    private Times() {
    }

    /** Now, to the millisecond (what SQLite keeps), in UTC. */
    static OffsetDateTime now() {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(System.currentTimeMillis()), ZoneOffset.UTC);
    }

    static void bind(PreparedStatement statement, int index, OffsetDateTime time) throws SQLException {
        statement.setTimestamp(index, time == null ? null : Timestamp.from(time.toInstant()));
    }

    static OffsetDateTime read(ResultSet row, int index) throws SQLException {
        Timestamp time = row.getTimestamp(index);
        return time == null ? null : OffsetDateTime.ofInstant(time.toInstant(), ZoneOffset.UTC);
    }
}
