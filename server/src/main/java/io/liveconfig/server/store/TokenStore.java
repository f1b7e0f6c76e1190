package io.liveconfig.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** SQL for the API tokens; the methods run inside the caller's transaction, or on their own for reads. */
@ApplicationScoped
public class TokenStore {

    /**
     * One stored token: never the token itself, only its hash.
     *
     * @param grants as granted, separated by spaces
     */
    public record Row(String id, String name, String tokenHash, String grants, OffsetDateTime createdAt,
            String createdBy, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt,
            String revokedBy) {
    }

    private static final String COLUMNS = "id, name, token_hash, grants, created_at, created_by, expires_at, "
            + "last_used_at, revoked_at, revoked_by";

    private final DataSource dataSource;

    TokenStore(Database database) {
        this.dataSource = database.dataSource();
    }

    /** Every token, revoked ones too, oldest first. */
    public List<Row> all() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT " + COLUMNS + " FROM api_token ORDER BY created_at, id");
                ResultSet rows = select.executeQuery()) {
            List<Row> tokens = new ArrayList<>();
            while (rows.next()) {
                tokens.add(row(rows));
            }
            return tokens;
        }
    }

    public Optional<Row> byHash(String tokenHash) throws SQLException {
        return one("token_hash", tokenHash);
    }

    public Optional<Row> byId(String id) throws SQLException {
        return one("id", id);
    }

    public boolean isEmpty() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM api_token");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1) == 0;
        }
    }

    public boolean nameInUse(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT 1 FROM api_token WHERE name = ? AND revoked_at IS NULL")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    public void insert(String id, String name, String tokenHash, String grants, String createdBy,
            OffsetDateTime expiresAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO api_token (id, name, token_hash, "
                        + "grants, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, name);
            insert.setString(3, tokenHash);
            insert.setString(4, grants);
            Times.bind(insert, 5, Times.now());
            insert.setString(6, createdBy);
            Times.bind(insert, 7, expiresAt);
            insert.executeUpdate();
        }
    }

    /** Revokes a token that is not revoked yet. */
    public boolean revoke(String id, String revokedBy) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE api_token SET revoked_at = ?, "
                        + "revoked_by = ? WHERE id = ? AND revoked_at IS NULL")) {
            Times.bind(update, 1, Times.now());
            update.setString(2, revokedBy);
            update.setString(3, id);
            return update.executeUpdate() == 1;
        }
    }

    public void used(String id, OffsetDateTime at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection
                        .prepareStatement("UPDATE api_token SET last_used_at = ? WHERE id = ?")) {
            Times.bind(update, 1, at);
            update.setString(2, id);
            update.executeUpdate();
        }
    }

    private Optional<Row> one(String column, String value) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT " + COLUMNS + " FROM api_token WHERE " + column + " = ?")) {
            select.setString(1, value);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(row(rows)) : Optional.empty();
            }
        }
    }

    private static Row row(ResultSet rows) throws SQLException {
        return new Row(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), Times.read(rows, 5),
                rows.getString(6), Times.read(rows, 7), Times.read(rows, 8), Times.read(rows, 9), rows.getString(10));
    }
}
