package io.liveconfig.server.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory and its files are the server's user's alone: the directory {@code 0700}, its files {@code 0600}
 * from their creation, since they hold the store, its secret values and the keys. Where the file system has no POSIX
 * permissions (Windows), its own access rules apply and nothing is done.
 */
public final class OwnerOnly {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private OwnerOnly() {
    }

    /** Creates a directory (and missing parents) {@code 0700}; an existing one is left as it is. */
    public static void createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (posix(directory)) {
            Files.createDirectories(directory, DIRECTORY);
        } else {
            Files.createDirectories(directory);
        }
    }

    /** Creates an empty file {@code 0600}, before anything is written to it. */
    public static void createFile(Path file) throws IOException {
        if (posix(file)) {
            Files.createFile(file, FILE);
        } else {
            Files.createFile(file);
        }
    }

    /** What to create a file in {@code directory} with so that it is {@code 0600}; nothing on other file systems. */
    public static FileAttribute<?>[] fileAttributes(Path directory) {
        return posix(directory) ? new FileAttribute<?>[]{FILE} : new FileAttribute<?>[0];
    }

    /**
     * Takes group and other users' permissions away from the directory and from the regular files directly in it
     * (symbolic links are not followed); what changed is logged once ({@code LIVECONFIG-0311}). Files of another user
     * cannot be changed and are left as they are.
     */
    public static void tighten(Path directory) throws IOException {
        if (!posix(directory) || !Files.isDirectory(directory)) {
            return;
        }
        List<String> tightened = new ArrayList<>();
        tighten(directory, tightened);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    tighten(file, tightened);
                }
            }
        }
        if (!tightened.isEmpty()) {
            ServerLog.LOG.permissionsTightened(String.join(", ", tightened));
        }
    }

    private static void tighten(Path path, List<String> tightened) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            if (permissions.stream().noneMatch(OTHERS::contains)) {
                return;
            }
            String before = PosixFilePermissions.toString(permissions);
            permissions.removeAll(OTHERS);
            Files.setPosixFilePermissions(path, permissions);
            tightened.add(path + " (was " + before + ")");
        } catch (IOException e) {
            // not ours to change (another user's file): left as it is
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
