package io.liveconfig.server.store;

import java.sql.SQLException;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * How callers run the stores' methods: a write composes several of them inside one new transaction, which commits when
 * it returns and rolls back when it throws; a read runs them on their own. A database failure becomes an unchecked
 * exception (the API answers 500).
 */
public final class Transactions {

    private Transactions() {
    }

    /** Work of several store methods that commit together. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs work in a new transaction that commits when it returns and rolls back when it throws. */
    public static <T> T inNew(Work<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> read(work));
    }

    /** Runs store reads outside a transaction. */
    public static <T> T read(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new IllegalStateException("Database error: " + e.getMessage(), e);
        }
    }
}
