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
import java.util.Optional;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.protocol.SnapshotCodec;
import io.liveconfig.protocol.SnapshotFormatException;

/**
 * The last-known-good copy of each namespace on local disk, so an app can start when the cluster cannot be reached.
 * <p>
 * Each file holds the snapshot as published, content hash included; a file is replaced atomically (written beside,
 * forced to disk, renamed over), so a crash leaves the old copy or the new one, never half of one.
 */
public final class SnapshotFiles {

    private static final SourceLogging LOG = SourceLogging.of(SnapshotFiles.class);

    /**
     * A snapshot read back from disk.
     *
     * @param writtenAt when it was saved: how stale it may be
     */
    public record Saved(Snapshot snapshot, Instant writtenAt) {
    }

    private final Path directory;

    public SnapshotFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** Saves a snapshot, replacing the namespace's previous one. Never throws: a failed save is logged. */
    public void save(Snapshot snapshot) {
        Path target = file(snapshot.namespace());
        Path temp = null;
        try {
            Files.createDirectories(directory);
            // A unique name: apps on one host may share the directory.
            temp = Files.createTempFile(directory, snapshot.namespace() + ".", ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(SnapshotCodec.encode(snapshot).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true); // the rename itself must survive a crash
            } catch (IOException e) {
                LOG.debugf("Cannot force directory %s on this platform: %s", directory, e);
            }
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

    /** The saved snapshot of a namespace, if there is a sound one; a corrupt or foreign file is ignored, loudly. */
    public Optional<Saved> load(String namespace) {
        Path file = file(namespace);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Snapshot snapshot = SnapshotCodec.decode(text);
            if (!snapshot.namespace().equals(namespace)) {
                throw new SnapshotFormatException("it holds namespace '" + snapshot.namespace() + "'");
            }
            return Optional.of(new Saved(snapshot, Files.getLastModifiedTime(file).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | SnapshotFormatException e) {
            LOG.savedCopyIgnored(file, namespace, e.getMessage());
            return Optional.empty();
        }
    }

    private Path file(String namespace) {
        return directory.resolve(namespace + ".json");
    }
}
