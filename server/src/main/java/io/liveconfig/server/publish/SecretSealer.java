package io.liveconfig.server.publish;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.server.schema.Schema;

/**
 * Encrypts secret values before they are published, since the cluster port has no authentication or TLS.
 * <p>
 * The published value is a SmallRye Config secret expression, {@code ${aes-gcm-nopadding::…}}: apps with
 * {@code io.smallrye.config:smallrye-config-crypto} and the same key in
 * {@code smallrye.config.secret-handler.aes-gcm-nopadding.encryption-key} decrypt it on lookup, and nothing of ours
 * handles the key on their side. The format is SmallRye's: AES-256-GCM with the SHA-256 of the key's UTF-8 bytes, a
 * one-byte IV length, a 12-byte IV, the ciphertext with its 128-bit tag, in URL-safe base64 without padding.
 */
@ApplicationScoped
public class SecretSealer {

    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKeySpec> key;
    private final SecureRandom random = new SecureRandom();

    SecretSealer(@ConfigProperty(name = "liveconfig.secrets.encryption-key") Optional<String> encryptionKey) {
        this.key = encryptionKey.filter(k -> !k.isBlank()).map(SecretSealer::aesKey);
    }

    /** Whether secrets can be published; without a key, schemas with secret keys are refused. */
    public boolean canSeal() {
        return key.isPresent();
    }

    /** The snapshot to publish: secret values replaced by their encrypted expressions. */
    public Snapshot seal(Snapshot snapshot, Schema schema) {
        if (!schema.hasSecrets()) {
            return snapshot;
        }
        return snapshot.withEntries(seal(snapshot.entries(), schema));
    }

    /** Values to publish: those of secret keys replaced by their encrypted expressions. */
    public Map<String, String> seal(Map<String, String> values, Schema schema) {
        if (!schema.hasSecrets()) {
            return values;
        }
        Map<String, String> sealed = new HashMap<>(values);
        sealed.replaceAll((key, value) -> schema.isSecret(key) ? encrypt(value) : value);
        return sealed;
    }

    String encrypt(String plain) {
        SecretKeySpec aes = key.orElseThrow(() -> new IllegalStateException(
                "LIVECONFIG-0204 A secret value cannot be published without liveconfig.secrets.encryption-key"));
        try {
            byte[] iv = new byte[IV_LENGTH];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(TAG_BITS, iv));
            byte[] encrypted = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            ByteBuffer sealed = ByteBuffer.allocate(1 + IV_LENGTH + encrypted.length)
                    .put((byte) IV_LENGTH)
                    .put(iv)
                    .put(encrypted);
            return "${aes-gcm-nopadding::" + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.array())
                    + "}";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java platform", e);
        }
    }

    private static SecretKeySpec aesKey(String encryptionKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(encryptionKey.getBytes(StandardCharsets.UTF_8));
            return new SecretKeySpec(hash, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
