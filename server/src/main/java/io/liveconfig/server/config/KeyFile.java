package io.liveconfig.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.liveconfig.server.core.ServerMessages;

/**
 * A key given as a setting or as a file that holds it ({@code …-key} or {@code …-key-file}), so that it need not be on
 * the command line: a file can be a mounted secret, readable by the server's user only.
 */
public final class KeyFile {

    private KeyFile() {
    }

    /**
     * @param setting the setting's name, for messages; the file's setting is named {@code setting + "-file"}
     * @return the key, or empty if neither is set
     * @throws IllegalStateException ({@code LIVECONFIG-0230}, {@code -0231}) if both are set, or the file cannot be
     * read or is empty
     */
    public static Optional<String> resolve(String setting, Optional<String> value, Optional<Path> file) {
        Optional<String> given = value.filter(key -> !key.isBlank());
        if (file.isEmpty()) {
            return given;
        }
        if (given.isPresent()) {
            throw ServerMessages.MESSAGES.keyAndKeyFile(setting, setting + "-file");
        }
        String key;
        try {
            key = Files.readString(file.get(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw ServerMessages.MESSAGES.keyFileUnreadable(setting, file.get(), e.toString());
        }
        if (key.isEmpty()) {
            throw ServerMessages.MESSAGES.keyFileUnreadable(setting, file.get(), "it is empty");
        }
        return Optional.of(key);
    }
}
