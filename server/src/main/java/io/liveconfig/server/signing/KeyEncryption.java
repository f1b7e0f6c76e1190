package io.liveconfig.server.signing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.liveconfig.server.core.OwnerOnly;
import io.liveconfig.server.core.ServerLog;

/**
 * Encrypts the signing keys' private halves for the database with AES-256-GCM (the JDK's), under the SHA-256 of a
 * key-encryption key: {@code liveconfig.signing.key-encryption-key} (or the file {@code …-key-file} names), or else a
 * random one kept in the data directory's {@value #FILE} (owner-only). A dump of the database alone then holds no
 * usable signing key.
 */
final class KeyEncryption {

    static final String FILE = "signing-key.kek";
    static final String SETTING = "liveconfig.signing.key-encryption-key";
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    /** Where the key came from, for messages; never the key. */
    private final String source;

    private KeyEncryption(String secret, String source) {
        try {
            this.key = new SecretKeySpec(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
        this.source = source;
    }

    /**
     * The configured key, or the data directory's; a new random one is written there only when asked to (no key exists
     * yet that another one encrypted).
     */
    static KeyEncryption of(Optional<String> configured, String configuredIn, Path dataDir, boolean mayCreate)
            throws IOException {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return new KeyEncryption(configured.get(), configuredIn);
        }
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file) && mayCreate) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            write(file, Base64.getEncoder().encodeToString(random));
            ServerLog.LOG.keyEncryptionKeyCreated(file);
        }
        String secret = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
        return new KeyEncryption(secret, file.toString());
    }

    String source() {
        return source;
    }

    String encrypt(byte[] plain) {
        try {
            byte[] iv = new byte[IV_LENGTH];
            new SecureRandom().nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] encrypted = cipher.doFinal(plain);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(ByteBuffer.allocate(IV_LENGTH + encrypted.length).put(iv).put(encrypted).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java platform", e);
        }
    }

    /**
     * @throws GeneralSecurityException if the text was not encrypted with this key (the GCM tag does not verify)
     */
    byte[] decrypt(String text) throws GeneralSecurityException {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not an encrypted key", e);
        }
        if (bytes.length <= IV_LENGTH) {
            throw new GeneralSecurityException("not an encrypted key");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_LENGTH));
        return cipher.doFinal(bytes, IV_LENGTH, bytes.length - IV_LENGTH);
    }

    /** Created readable by the owner only, forced to disk with its directory entry. */
    private static void write(Path file, String secret) throws IOException {
        OwnerOnly.createDirectories(file.getParent());
        try {
            OwnerOnly.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return;
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(secret.getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some platforms cannot force a directory
        }
    }
}
