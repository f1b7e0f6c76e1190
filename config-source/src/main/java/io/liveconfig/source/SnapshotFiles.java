package io.liveconfig.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.liveconfig.protocol.Seal;
import io.liveconfig.protocol.Sealed;
import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotChange;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;
import io.liveconfig.protocol.TrustedKeys;
import io.liveconfig.protocol.Version;

/**
 * The last-known-good copy of each namespace on local disk, so an app can start when the cluster cannot be reached.
 * <p>
 * A copy holds publications exactly as the server signed them, one per line: a whole snapshot, then the steps the app
 * applied after it. Loading verifies every line as the cluster's values are verified, so a file is worth no more than
 * what the server published: the app cannot be made to start from values the server never signed, and it never writes
 * values of its own that a reader would have to take on trust. A step is appended (a few bytes, forced to disk); a
 * whole snapshot replaces the file atomically (written beside, forced, renamed over), so a crash leaves the old copy or
 * the new one, or a torn last step that loading drops.
 * <p>
 * After {@value #REBASE_AFTER} steps the file asks for a whole snapshot ({@link #wantsWhole}); past {@value #MAX_STEPS}
 * it stops growing, keeping an older state the app did hold, until one is saved.
 */
public final class SnapshotFiles {

    private static final SourceLogging LOG = SourceLogging.of(SnapshotFiles.class);

    static final int REBASE_AFTER = 256;
    static final int MAX_STEPS = 4096;

    /**
     * A snapshot read back from disk.
     *
     * @param seal the seal of its last publication, which the instance report carries
     * @param writtenAt when it was saved: how stale it may be
     */
    public record Saved(Snapshot snapshot, Seal seal, Instant writtenAt) {
    }

    /** The state a file ends in, known once this source saved or loaded it; absent when a whole snapshot must come. */
    private record Tip(Version version, int steps) {
    }

    private final Path directory;
    private final Map<String, Tip> tips = new ConcurrentHashMap<>();

    public SnapshotFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Replaces the namespace's copy with a whole snapshot as published. Never throws: a failed save is logged.
     *
     * @param published the signed text it was decoded from
     */
    public void saveWhole(Snapshot snapshot, String published) {
        Path target = file(snapshot.namespace());
        tips.remove(snapshot.namespace());
        Path temp = null;
        try {
            Files.createDirectories(directory);
            // A unique name: apps on one host may share the directory.
            temp = Files.createTempFile(directory, snapshot.namespace() + ".", ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                write(out, published);
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true); // the rename itself must survive a crash
            } catch (IOException e) {
                LOG.debugf("Cannot force directory %s on this platform: %s", directory, e);
            }
            tips.put(snapshot.namespace(), new Tip(snapshot.version(), 0));
        } catch (IOException | RuntimeException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort; the next save uses another name
                }
            }
            LOG.saveFailed(snapshot.namespace(), snapshot.revision(), target, e.toString());
        }
    }

    /**
     * Appends a step the app applied to the copy, if the copy ends in the state the step applies to and is not full.
     * Never throws.
     *
     * @param published the signed text it was decoded from
     * @return whether it was appended; if not, only a whole snapshot brings the copy up to date
     */
    public boolean appendStep(SnapshotChange step, String published) {
        Tip tip = tips.get(step.namespace());
        if (tip == null || tip.steps() >= MAX_STEPS || tip.version().epoch() != step.epoch()
                || tip.version().revision() != step.baseRevision()) {
            return false;
        }
        Path target = file(step.namespace());
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            write(out, published);
            out.force(false);
            tips.put(step.namespace(), new Tip(step.version(), tip.steps() + 1));
            return true;
        } catch (IOException | RuntimeException e) {
            tips.remove(step.namespace()); // the end of the file is unknown now: only a whole snapshot is safe
            LOG.saveFailed(step.namespace(), step.revision(), target, e.toString());
            return false;
        }
    }

    /** Whether the copy should be replaced by a whole snapshot: it is long, or its end is unknown. */
    public boolean wantsWhole(String namespace) {
        Tip tip = tips.get(namespace);
        return tip == null || tip.steps() >= REBASE_AFTER;
    }

    /** Whether a copy of the namespace is saved, whether or not it will verify when loaded. */
    public boolean hasCopy(String namespace) {
        return Files.isRegularFile(file(namespace));
    }

    /**
     * The saved snapshot of a namespace, if there is one the trusted keys signed: every line is verified, and the copy
     * ends at the last line that verifies and applies (a torn last step after a crash is dropped). A corrupt, foreign
     * or unsigned copy is ignored, loudly.
     */
    public Optional<Saved> load(String namespace, TrustedKeys trust) {
        Path file = file(namespace);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.savedCopyIgnored(file, namespace, e.toString());
            return Optional.empty();
        }
        Snapshot snapshot;
        Seal seal;
        try {
            if (lines.isEmpty()) {
                throw new SnapshotFormatException("it is empty");
            }
            Sealed<Snapshot> whole = SnapshotCodec.decode(lines.get(0), trust);
            snapshot = whole.value();
            seal = whole.seal();
            if (!snapshot.namespace().equals(namespace)) {
                throw new SnapshotFormatException("it holds namespace '" + snapshot.namespace() + "'");
            }
        } catch (SnapshotFormatException e) {
            LOG.savedCopyIgnored(file, namespace, e.getMessage());
            return Optional.empty();
        }
        int steps = 0;
        boolean sound = true;
        for (String line : lines.subList(1, lines.size())) {
            try {
                Sealed<SnapshotChange> step = SnapshotCodec.decodeChange(line, trust);
                if (!step.value().appliesTo(snapshot)) {
                    throw new SnapshotFormatException("step to revision " + step.value().revision()
                            + " does not apply to revision " + snapshot.revision());
                }
                snapshot = step.value().applyTo(snapshot);
                seal = step.seal();
                steps++;
            } catch (SnapshotFormatException e) {
                LOG.debugf("Saved copy %s ends at revision %d: %s", file, snapshot.revision(), e.getMessage());
                sound = false;
                break;
            }
        }
        if (sound) {
            tips.put(namespace, new Tip(snapshot.version(), steps));
        }
        try {
            return Optional.of(new Saved(snapshot, seal, Files.getLastModifiedTime(file).toInstant()));
        } catch (IOException e) {
            return Optional.of(new Saved(snapshot, seal, Instant.now()));
        }
    }

    private static void write(FileChannel out, String published) throws IOException {
        // The codec's JSON escapes every line break inside strings: one publication is one line.
        ByteBuffer bytes = ByteBuffer.wrap((published + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    private Path file(String namespace) {
        return directory.resolve(namespace + ".jsonl");
    }
}
