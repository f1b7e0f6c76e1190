package io.liveconfig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.liveconfig.testing.TempDirectories;

/**
 * The power-cut simulator that {@link PowerCutTest} relies on: its own rules case by case (the C self-test), and the
 * sync pattern of a Java group commit, where one channel writes and another one's {@code force(false)} (fdatasync)
 * makes it durable.
 */
class PowerCutShimTest {

    @Test
    void keepsExactlyWhatWasSynced() {
        Path work = TempDirectories.create("powercut-selftest");
        try {
            PowerCut.Binaries binaries = PowerCut.binaries();
            String output = PowerCut.run(List.of(binaries.selfTest().toString(), binaries.shim().toString(),
                    binaries.tool().toString(), work.toString()));
            System.out.print(output);
            assertTrue(output.contains(", 0 failed"), output);
        } finally {
            TempDirectories.delete(work);
        }
    }

    @Test
    void forceOnOneChannelCoversWritesThroughAnother() throws Exception {
        Path root = TempDirectories.create("powercut-java");
        try {
            Path data = Files.createDirectory(root.resolve("data"));
            PowerCut cut = PowerCut.over(data);
            cut.markDurable();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), GroupCommit.class.getName(),
                    data.toString()).redirectErrorStream(true);
            builder.environment().putAll(cut.environment());
            Process writer = builder.start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals(GroupCommit.READY, out.readLine()); // ends if the writer dies
                writer.destroyForcibly();
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
            } finally {
                writer.destroyForcibly();
            }
            cut.restore();
            assertEquals("forced", Files.readString(data.resolve("log")));
        } finally {
            TempDirectories.delete(root);
        }
    }

    /** Writes through one channel, forces another, writes more, and waits to be killed. */
    static final class GroupCommit {

        static final String READY = "forced, then wrote more";

        public static void main(String[] args) throws IOException, InterruptedException {
            Path dir = Path.of(args[0]);
            Path file = dir.resolve("log");
            try (FileChannel writer = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    FileChannel syncer = FileChannel.open(file, StandardOpenOption.WRITE);
                    FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                writer.write(ByteBuffer.wrap("forced".getBytes(StandardCharsets.UTF_8)));
                syncer.force(false);
                directory.force(true); // the new file's name
                writer.write(ByteBuffer.wrap(" and lost".getBytes(StandardCharsets.UTF_8)));
                System.out.println(READY);
                System.out.flush();
                Thread.sleep(60_000); // the test kills it long before
            }
        }
    }
}
