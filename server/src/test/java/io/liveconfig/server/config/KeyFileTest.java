package io.liveconfig.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

    private static final String SETTING = "liveconfig.secrets.encryption-key";

    @TempDir
    Path dir;

    @Test
    void takesTheFilesContentTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "  the-key \n");

        assertEquals(Optional.of("the-key"), KeyFile.resolve(SETTING, Optional.empty(), Optional.of(file)));
        assertEquals(Optional.of("value"), KeyFile.resolve(SETTING, Optional.of("value"), Optional.empty()));
        assertEquals(Optional.empty(), KeyFile.resolve(SETTING, Optional.of(" "), Optional.empty()));
    }

    @Test
    void refusesBothAMissingAndAnEmptyFile() throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "the-key");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertTrue(assertThrows(IllegalStateException.class,
                () -> KeyFile.resolve(SETTING, Optional.of("value"), Optional.of(file))).getMessage()
                .startsWith("LIVECONFIG-0230"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> KeyFile.resolve(SETTING, Optional.empty(), Optional.of(dir.resolve("missing")))).getMessage()
                .startsWith("LIVECONFIG-0231"));
        IllegalStateException blank = assertThrows(IllegalStateException.class,
                () -> KeyFile.resolve(SETTING, Optional.empty(), Optional.of(empty)));
        assertTrue(blank.getMessage().contains("it is empty"), blank.getMessage());
    }
}
