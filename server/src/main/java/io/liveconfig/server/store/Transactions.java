package io.liveconfig.server.store;

import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * How callers run the stores' methods: a write composes several of them inside one new transaction, which commits when
 * it returns and rolls back when it throws, and is on stable storage before {@link #inNew} returns; a read runs them on
 * their own. A database failure becomes an unchecked exception (the API answers 500).
 */
@ApplicationScoped
public class Transactions {

    private final Database database;
    private final WalSync walSync;

    Transactions(Database database, WalSync walSync) {
        this.database = database;
        this.walSync = walSync;
    }

    /** Work of several store methods that commit together. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs work in a new transaction that commits when it returns and rolls back when it throws, and returns once the
     * commit is durable: PostgreSQL syncs its log at commit; the embedded store's commits are synced by
     * {@link WalSync}, shared with concurrent writers.
     */
    public <T> T inNew(Work<T> work) {
        return inNew(work, committed -> {
        });
    }

    /**
     * As {@link #inNew(Work)}, and hands the work's result to {@code atCommit} as soon as the transaction has
     * committed, before the sync: on the embedded store still under its write lock, so that it is done before the next
     * write begins.
     */
    public <T> T inNew(Work<T> work, Consumer<T> atCommit) {
        Supplier<T> transaction = () -> {
            T result = QuarkusTransaction.requiringNew().call(() -> read(work));
            atCommit.accept(result);
            return result;
        };
        return database.isEmbedded() ? walSync.durably(transaction) : transaction.get();
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
