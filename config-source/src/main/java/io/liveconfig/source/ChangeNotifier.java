package io.liveconfig.source;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;

/**
 * What follows an applied snapshot off the apply path: telling the app's listeners, and saving the last-known-good
 * copy.
 * <p>
 * Threading: one thread for each, so that a slow listener never delays a save nor the values, and writing a large
 * namespace to disk never delays listeners. Callers hand work over in the order snapshots were applied (under
 * {@link HeldSnapshots}' lock); each single thread keeps that order.
 */
final class ChangeNotifier implements AutoCloseable {

    private static final SourceLogging LOG = SourceLogging.of(LiveConfigSource.class);

    private final SnapshotFiles files;
    private final List<Consumer<ConfigChange>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = SourceThreads.single("liveconfig-source");
    private final ExecutorService saver = SourceThreads.single("liveconfig-save");

    ChangeNotifier(SnapshotFiles files) {
        this.files = files;
    }

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

    /**
     * Saves the snapshot if it is still held when the saver gets to it: under a burst of changes to a large namespace,
     * the copy is written once.
     */
    void save(Snapshot snapshot, BooleanSupplier stillHeld) {
        SourceThreads.submit(saver, () -> {
            if (stillHeld.getAsBoolean()) {
                files.save(snapshot);
            }
        });
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
            } catch (RuntimeException e) {
                LOG.listenerFailed(e, applied.namespace(), applied.revision());
            }
        }
    }

    /** Lets the notifications and saves already handed over finish, for a while. */
    @Override
    public void close() {
        notifier.shutdown();
        saver.shutdown();
        try {
            notifier.awaitTermination(5, TimeUnit.SECONDS);
            saver.awaitTermination(5, TimeUnit.SECONDS); // let the last saves finish
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
