package io.liveconfig.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.liveconfig.server.core.Provenance;

/** SQL for the append-only audit log. Entries are written in the transaction of what they record. */
@ApplicationScoped
public class AuditStore {

    private final DataSource dataSource;
    private final ObjectMapper json;

    AuditStore(Database database, ObjectMapper json) {
        this.dataSource = database.dataSource();
        this.json = json;
    }

    /**
     * Records an action in the caller's transaction.
     *
     * @param detail what was done, as plain values (stored as JSON); secret values must be masked already
     */
    public void record(Provenance who, String action, String namespace, Long revision, Map<String, Object> detail)
            throws SQLException {
        String detailJson;
        try {
            detailJson = json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit details are plain values", e);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_event "
                        + "(occurred_at, actor, address, action, namespace, revision, detail) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            Times.bind(insert, 1, Times.now());
            insert.setString(2, who.author());
            insert.setString(3, who.address());
            insert.setString(4, action);
            insert.setString(5, namespace);
            insert.setObject(6, revision);
            insert.setString(7, detailJson);
            insert.executeUpdate();
        }
    }

    /** Events newest first, optionally of one namespace, with ids below {@code before} (for paging). */
    public List<AuditEvent> query(Optional<String> namespace, Optional<Long> before, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT id, occurred_at, actor, address, action, namespace, revision, detail FROM audit_event
                        WHERE (? IS NULL OR namespace = ?) AND (? IS NULL OR id < ?)
                        ORDER BY id DESC LIMIT ?""")) {
            select.setString(1, namespace.orElse(null));
            select.setString(2, namespace.orElse(null));
            select.setObject(3, before.orElse(null), Types.BIGINT);
            select.setObject(4, before.orElse(null), Types.BIGINT);
            select.setInt(5, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<AuditEvent> events = new ArrayList<>();
                while (rows.next()) {
                    events.add(new AuditEvent(rows.getLong(1), Times.read(rows, 2),
                            rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
                            nullableLong(rows, 7), rows.getString(8)));
                }
                return events;
            }
        }
    }

    /**
     * Deletes the oldest events that occurred before a time, at most {@code limit} of them, in the caller's
     * transaction.
     *
     * @return how many it deleted
     */
    public int prune(Instant before, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM audit_event WHERE id IN "
                        + "(SELECT id FROM audit_event WHERE occurred_at < ? ORDER BY id LIMIT ?)")) {
            Times.bind(delete, 1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        }
    }

    private static Long nullableLong(ResultSet row, int index) throws SQLException {
        long value = row.getLong(index);
        return row.wasNull() ? null : value;
    }
}
