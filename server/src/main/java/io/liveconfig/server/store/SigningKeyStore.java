package io.liveconfig.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** SQL for the publication signing keys; the methods run inside the caller's transaction. */
@ApplicationScoped
public class SigningKeyStore {

    /** Where a key stands in its rotation. */
    public enum State {
        /** Created, waiting until apps trust it; signs nothing yet. */
        NEXT,
        /** Signs every publication; exactly one key is active. */
        ACTIVE,
        /** Signed before the active one; what apps hold may still carry its signature. */
        PREVIOUS;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State of(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * One stored key.
     *
     * @param publicKey as apps configure it
     * @param privateKey its PKCS#8 encoding, encrypted with the key-encryption key
     */
    public record Row(String id, String publicKey, String privateKey, State state, OffsetDateTime createdAt,
            OffsetDateTime activatedAt) {
    }

    private final DataSource dataSource;

    SigningKeyStore(Database database) {
        this.dataSource = database.dataSource();
    }

    /** Every key, oldest first. */
    public List<Row> all() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id, public_key, private_key, state, "
                        + "created_at, activated_at FROM signing_key ORDER BY created_at, id");
                ResultSet rows = select.executeQuery()) {
            List<Row> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(new Row(rows.getString(1), rows.getString(2), rows.getString(3), State.of(rows.getString(4)),
                        Times.read(rows, 5), Times.read(rows, 6)));
            }
            return keys;
        }
    }

    public void insert(String id, String publicKey, String encryptedPrivateKey, State state) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO signing_key (id, public_key, "
                        + "private_key, state, created_at, activated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            OffsetDateTime now = Times.now();
            insert.setString(1, id);
            insert.setString(2, publicKey);
            insert.setString(3, encryptedPrivateKey);
            insert.setString(4, state.id());
            Times.bind(insert, 5, now);
            Times.bind(insert, 6, state == State.ACTIVE ? now : null);
            insert.executeUpdate();
        }
    }

    /** Makes the next key active and the active one previous, if they are still what the caller read. */
    public boolean activate(String nextId, String activeId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement demote = connection
                        .prepareStatement(
                                "UPDATE signing_key SET state = 'previous' WHERE id = ? AND state = 'active'");
                PreparedStatement promote = connection.prepareStatement(
                        "UPDATE signing_key SET state = 'active', activated_at = ? WHERE id = ? AND state = 'next'")) {
            demote.setString(1, activeId);
            Times.bind(promote, 1, Times.now());
            promote.setString(2, nextId);
            return demote.executeUpdate() == 1 && promote.executeUpdate() == 1;
        }
    }

    /** Deletes a key that is not active. */
    public boolean delete(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection
                        .prepareStatement("DELETE FROM signing_key WHERE id = ? AND state <> 'active'")) {
            delete.setString(1, id);
            return delete.executeUpdate() == 1;
        }
    }
}
