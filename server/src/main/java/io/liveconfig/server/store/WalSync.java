package io.liveconfig.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.core.ServerMessages;

/**
 * Makes every commit to the embedded store durable before the server answers it, with one sync shared by concurrent
 * writers (group commit).
 * <p>
 * SQLite runs in WAL mode with {@code synchronous=NORMAL}: a commit appends its pages to {@code liveconfig.db-wal}
 * without a sync, and a checkpoint syncs that file before it copies pages into the database file. So a commit is on
 * stable storage once an fdatasync of the WAL file that began after the commit has returned, and one such sync covers
 * every commit before it. SQLite's own {@code synchronous=FULL} syncs inside each commit, one writer after the other;
 * here a writer syncs after releasing the write lock, while the next one commits (docs/durability.md has the numbers).
 * <p>
 * Writers take one write lock in turn: SQLite allows a single writer, and waiting here rather than in SQLite's busy
 * handler (which sleeps) keeps latency flat. A connection stays open for as long as the server runs: SQLite deletes the
 * WAL file when its last connection closes, and a new one would not be the file this class syncs.
 */
@ApplicationScoped
public class WalSync {

    private final ReentrantLock writer = new ReentrantLock();
    private final ReentrantLock syncing = new ReentrantLock();
    /** Commits made, in the order they took the write lock. */
    private final AtomicLong committed = new AtomicLong();
    /** The number of commits the last completed sync covered; guarded by {@link #syncing}. */
    private long synced;
    private final AtomicLong syncs = new AtomicLong();

    private Path walFile;
    private volatile FileChannel wal;
    private Connection keeper;
    /** Set by a failed sync: from then on nothing is acknowledged as durable. */
    private volatile IOException failure;

    /**
     * Starts syncing the database file's WAL, after migrations (so the file exists in WAL mode), before the first write
     * that is acknowledged. Also syncs the data directory, so that the files' names survive a power cut too.
     */
    synchronized void open(String jdbcUrl, Path databaseFile) throws SQLException, IOException {
        keeper = DriverManager.getConnection(jdbcUrl);
        walFile = databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
        wal = FileChannel.open(walFile, StandardOpenOption.WRITE);
        wal.force(false);
        StoreIdentity.syncDirectory(databaseFile.toAbsolutePath().getParent());
    }

    /** Syncs what has been committed outside {@link #durably}, as start-up does. */
    void syncNow() throws IOException {
        syncing.lock();
        try {
            wal.force(false);
            syncs.incrementAndGet();
        } finally {
            syncing.unlock();
        }
    }

    /**
     * Runs a write transaction under the write lock and returns once its commit is on stable storage.
     *
     * @throws IllegalStateException if a sync has failed: the commit may not be durable, and the server must not say it
     * is
     */
    public <T> T durably(Supplier<T> transaction) {
        T result;
        long ticket;
        writer.lock();
        try {
            refuseIfFailed();
            result = transaction.get();
            ticket = committed.incrementAndGet();
        } finally {
            writer.unlock();
        }
        awaitSynced(ticket);
        return result;
    }

    private void awaitSynced(long ticket) {
        syncing.lock();
        try {
            if (synced >= ticket) {
                return; // a sync that began after this commit has returned
            }
            refuseIfFailed();
            long covered = committed.get();
            try {
                wal.force(false);
            } catch (IOException e) {
                failure = e;
                ServerLog.LOG.syncFailed(walFile, e.toString());
                throw ServerMessages.MESSAGES.notDurable(walFile, e);
            }
            synced = covered;
            syncs.incrementAndGet();
        } finally {
            syncing.unlock();
        }
    }

    private void refuseIfFailed() {
        if (wal == null) {
            throw new IllegalStateException("The embedded store is not open yet");
        }
        if (failure != null) {
            throw ServerMessages.MESSAGES.notDurable(walFile, failure);
        }
    }

    /** Commits made since the server started. */
    public long commits() {
        return committed.get();
    }

    /** Syncs made since the server started; fewer than commits when writers shared them. */
    public long syncs() {
        return syncs.get();
    }

    /** Whether commits are still made durable: false after a failed sync. */
    public boolean healthy() {
        return wal != null && failure == null;
    }

    @PreDestroy
    synchronized void close() {
        try {
            if (wal != null) {
                wal.close();
            }
            if (keeper != null) {
                keeper.close();
            }
        } catch (IOException | SQLException e) {
            // shutting down: SQLite checkpoints when the last connection closes, and recovers the WAL if it could not
        }
    }
}
