package io.liveconfig.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.liveconfig.testing.TempDirectories;

/**
 * A simulated power cut for the processes that write under one directory: an {@code LD_PRELOAD} shim records what their
 * syncs made durable, and after they are all killed with SIGKILL a tool puts the directory back to exactly that. Both
 * are built with gcc from {@code src/test/c/powercut.c}, whose header states the rules (POSIX: content is durable once
 * fsynced, a new or renamed name once its directory is). Use {@link #over}, {@link #markDurable()} before the processes
 * start, {@link #environment()} for them, and {@link #restore()} once they are dead.
 */
final class PowerCut {

    /**
     * Which rule makes names durable: {@code posix} (the default: a directory sync) or {@code linux} (also a sync of
     * the file itself, as ext4, XFS and btrfs do), to tell whether a failure is only about directory syncs.
     */
    static final String NAMES_PROPERTY = "powercut.names";

    private static Binaries binaries;

    private final Path dir;
    private final Path store;
    private final Path shim;

    /** The compiled shim, the restore tool and the shim's self-test. */
    record Binaries(Path shim, Path tool, Path selfTest) {
    }

    private PowerCut(Path dir, Path store, Path shim) {
        this.dir = dir;
        this.store = store;
        this.shim = shim;
    }

    /**
     * The simulator for this directory. Its record of what is durable goes beside it ({@code
     *
    <dir>
     * .powercut}), with a copy of the shim that whoever writes the directory can load.
     */
    static PowerCut over(Path dir) {
        Path shim = dir.resolveSibling("powercut.so");
        try {
            Files.copy(binaries().shim(), shim, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PowerCut(dir, dir.resolveSibling(dir.getFileName() + ".powercut"), shim);
    }

    /** Compiles the shim, the tool and the self-test into the build's directory, once per run. */
    static synchronized Binaries binaries() {
        if (binaries == null) {
            Path source = Path.of(System.getProperty("liveconfig.powercut.source", "src/test/c"));
            Path out = Path.of(System.getProperty("liveconfig.powercut.build-dir", "target/powercut"));
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path shim = out.resolve("powercut.so");
            Path tool = out.resolve("powercut");
            Path selfTest = out.resolve("powercut_selftest");
            String c = source.resolve("powercut.c").toString();
            run(List.of("gcc", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-O2", "-o", shim.toString(), c,
                    "-ldl"));
            run(List.of("gcc", "-Wall", "-Wextra", "-Werror", "-O2", "-DPOWERCUT_TOOL", "-o", tool.toString(), c));
            run(List.of("gcc", "-Wall", "-O2", "-o", selfTest.toString(),
                    source.resolve("powercut_selftest.c").toString()));
            binaries = new Binaries(shim, tool, selfTest);
        }
        return binaries;
    }

    /** The environment that preloads the shim into a process and its children. */
    Map<String, String> environment() {
        return Map.of("LD_PRELOAD", shim.toString(), "POWERCUT_DIR", dir.toString(), "POWERCUT_STORE",
                store.toString(), "POWERCUT_NAMES", System.getProperty(NAMES_PROPERTY, "posix"));
    }

    /**
     * Declares everything now under the directory durable, as if synced: call it while nothing writes there. The record
     * belongs to the directory's owner, who writes it from then on.
     */
    void markDurable() {
        run(List.of(binaries().tool().toString(), "baseline", dir.toString(), store.toString()));
        try {
            UserPrincipal owner = Files.getOwner(dir);
            if (!Files.getOwner(store).equals(owner)) {
                try (Stream<Path> paths = Files.walk(store)) {
                    for (Path path : paths.toList()) {
                        Files.setOwner(path, owner);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the power cut leaves: once every process writing the directory is dead, puts back the durable content of
     * each file and directory and deletes everything that never reached the disk. The record is used up.
     *
     * @return what it put back and deleted, in a sentence
     */
    String restore() {
        Path errors = store.resolve("ERRORS");
        if (Files.exists(errors)) {
            throw new AssertionError("The power-cut shim failed to record syncs, so no restore would be right: "
                    + read(errors));
        }
        String summary = run(List.of(binaries().tool().toString(), "restore", dir.toString(), store.toString()));
        TempDirectories.delete(store);
        return summary.strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Runs a command to its end (within a minute) and fails with its output unless it exits with 0. */
    static String run(List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("powercut-command", ".log");
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Did not end within 60 s: " + String.join(" ", command));
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "Exited with " + process.exitValue() + ": " + String.join(" ", command) + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
