package io.liveconfig.source;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;

/**
 * Tells the app's listeners what an applied snapshot changed, off the apply path.
 * <p>
 * Threading: one thread of its own, so that a slow listener never delays a save ({@link SavedCopies}) nor the values.
 * Callers hand work over in the order snapshots were applied (under {@link HeldSnapshots}' lock); the single thread
 * keeps that order.
 */
final class ChangeNotifier implements AutoCloseable {

    private static final SourceLogging LOG = SourceLogging.of(LiveConfigSource.class);

    private final List<Consumer<ConfigChange>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = SourceThreads.single("liveconfig-source");
    /** Calls of listeners that returned, and that threw. */
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    void addListener(Consumer<ConfigChange> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<ConfigChange> listener) {
        listeners.remove(listener);
    }

    /**
     * Tells the listeners what changed from the snapshot held before.
     *
     * @param held the snapshot that was replaced, {@code null} if none
     * @param step the change the snapshot was built with from the one held, if it was: tells what changed without
     * comparing every key
     */
    void changed(Snapshot held, Snapshot applied, SnapshotChange step) {
        SourceThreads.submit(notifier, () -> tell(held, applied, step));
    }

    private void tell(Snapshot held, Snapshot applied, SnapshotChange step) {
        Map<String, String> before = held == null ? Map.of() : held.entries();
        List<ConfigChange.KeyChange> changes = step != null
                ? ConfigChange.of(before, step.puts(), step.removes())
                : ConfigChange.between(before, applied.entries());
        if (changes.isEmpty() || listeners.isEmpty()) {
            return;
        }
        ConfigChange change = new ConfigChange(applied.namespace(), held == null ? 0 : held.revision(),
                applied.revision(), changes);
        for (Consumer<ConfigChange> listener : listeners) {
            try {
                listener.accept(change);
                delivered.incrementAndGet();
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.listenerFailed(e, applied.namespace(), applied.revision());
            }
        }
    }

    long delivered() {
        return delivered.get();
    }

    long failed() {
        return failed.get();
    }

    /** Lets the notifications already handed over finish, for a while. */
    @Override
    public void close() {
        notifier.shutdown();
        try {
            notifier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
