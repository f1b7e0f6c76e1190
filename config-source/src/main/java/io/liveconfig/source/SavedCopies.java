package io.liveconfig.source;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.liveconfig.protocol.Sealed;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.protocol.Timings;
import io.liveconfig.protocol.TrustedKeys;

/**
 * Keeps each namespace's saved copy ({@link SnapshotFiles}) at the revision applied, off the apply path: a whole
 * snapshot replaces the copy, a step is appended to it. When the copy wants a whole snapshot (many steps, or a step it
 * cannot follow), the whole snapshot of the revision held is read from the cluster, verified and saved; the server
 * publishes it shortly after its step, so a read that finds it behind is tried once more a moment later.
 * <p>
 * Threading: one thread of its own, fed in apply order (under {@link HeldSnapshots}' lock), which keeps that order.
 */
final class SavedCopies implements AutoCloseable {

    private static final SourceLogging LOG = SourceLogging.of(LiveConfigSource.class);

    private final SnapshotFiles files;
    private final SnapshotGateway gateway;
    private final TrustedKeys trust;
    /** The snapshot held from the cluster per namespace, or {@code null}. */
    private final Function<String, Snapshot> held;
    private final ScheduledExecutorService saver = SourceThreads.scheduled("liveconfig-save");
    /** Namespaces whose whole read is scheduled again. */
    private final Set<String> retrying = ConcurrentHashMap.newKeySet();

    SavedCopies(SnapshotFiles files, SnapshotGateway gateway, TrustedKeys trust, Function<String, Snapshot> held) {
        this.files = files;
        this.gateway = gateway;
        this.trust = trust;
        this.held = held;
    }

    SnapshotFiles files() {
        return files;
    }

    /** Saves what was applied: the publication it came from, appended or as a new copy. */
    void applied(Snapshot snapshot, Publication publication, SnapshotChange step) {
        SourceThreads.submit(saver, () -> {
            if (publication.isWhole()) {
                files.saveWhole(snapshot, publication.text());
            } else if (!files.appendStep(step, publication.text()) || files.wantsWhole(snapshot.namespace())) {
                saveWholeHeld(snapshot.namespace(), true);
            }
        });
    }

    /** Reads the whole snapshot of the revision held and saves it; once more a moment later if it trails. */
    private void saveWholeHeld(String namespace, boolean retry) {
        Snapshot now = held.apply(namespace);
        if (now == null) {
            return;
        }
        try {
            Optional<String> whole = gateway.fetch(namespace);
            if (whole.isPresent()) {
                Sealed<Snapshot> read = SnapshotCodec.decode(whole.get(), trust);
                if (read.value().namespace().equals(namespace) && read.value().version().equals(now.version())) {
                    files.saveWhole(read.value(), whole.get());
                    return;
                }
            }
        } catch (SnapshotFormatException | IllegalStateException e) {
            LOG.debugf("Could not read the whole snapshot of namespace '%s' to save it: %s", namespace, e.toString());
        } catch (RuntimeException e) {
            LOG.debugf("Could not reach the cluster to save namespace '%s': %s", namespace, e.toString());
        }
        if (retry && retrying.add(namespace)) {
            SourceThreads.schedule(saver, () -> {
                retrying.remove(namespace);
                if (files.wantsWhole(namespace)) {
                    saveWholeHeld(namespace, false);
                }
            }, Timings.WHOLE_READ_WINDOW);
        }
    }

    /** Lets the saves already handed over finish, for a while. */
    @Override
    public void close() {
        saver.shutdown();
        try {
            saver.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
