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
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.protocol.Snapshot;
import io.liveconfig.server.config.KeyFile;
import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.ServerMessages;
import io.liveconfig.server.schema.Schema;
import io.quarkus.runtime.Startup;

/**
 * Encrypts secret values before they are published, since the cluster port has no authentication or TLS.
 * <p>
 * The published value is a SmallRye Config secret expression, {@code ${aes-gcm-nopadding::…}}: apps with
 * {@code io.smallrye.config:smallrye-config-crypto} and the same key in
 * {@code smallrye.config.secret-handler.aes-gcm-nopadding.encryption-key} decrypt it on lookup, and nothing of ours
 * handles the key on their side. The format is SmallRye's: AES-256-GCM with the SHA-256 of the key's UTF-8 bytes, a
 * one-byte IV length, a 12-byte IV, the ciphertext with its 128-bit tag, in URL-safe base64 without padding.
 * <p>
 * A value is sealed once per write: its ciphertext is kept per namespace and key and published again until the key is
 * written again, so the step and the whole snapshot of a revision agree, and an app reading a later whole snapshot sees
 * no change of a secret that was not written. (A fresh IV each time would make every secret look changed.) A write
 * seals afresh even a value equal to the one before: reusing the ciphertext would tell whoever reads the cluster port
 * whether a write, perhaps a guess, set the secret the namespace held.
 */
@ApplicationScoped
@Startup // a key file that cannot be read stops the start, not the first write of a secret
public class SecretSealer {

    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    /** A value in clear and the ciphertext published for it. */
    private record Sealed(String plain, String cipher) {
    }

    private final Optional<SecretKeySpec> key;
    private final SecureRandom random = new SecureRandom();
    /** Per namespace, per secret key, the last value sealed; a key's entry is replaced when its value changes. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Sealed>> sealed = new ConcurrentHashMap<>();

    SecretSealer(ServerConfig config) {
        this.key = KeyFile.resolve("liveconfig.secrets.encryption-key", config.secrets().encryptionKey(),
                config.secrets().encryptionKeyFile()).map(SecretSealer::aesKey);
    }

    /** Whether secrets can be published; without a key, schemas with secret keys are refused. */
    public boolean canSeal() {
        return key.isPresent();
    }

    /** The snapshot to publish: secret values replaced by their encrypted expressions. */
    public Snapshot seal(Snapshot snapshot, Schema schema) {
        if (snapshot.deleted()) {
            sealed.remove(snapshot.namespace()); // a namespace created again starts afresh
        }
        if (!schema.hasSecrets()) {
            return snapshot;
        }
        return snapshot.withEntries(seal(snapshot.namespace(), snapshot.entries(), schema, false));
    }

    /** The values a write set, to publish in its step: those of secret keys encrypted afresh. */
    public Map<String, String> sealWritten(String namespace, Map<String, String> puts, Schema schema) {
        return seal(namespace, puts, schema, true);
    }

    /**
     * Values of a namespace to publish: those of secret keys replaced by their encrypted expressions.
     *
     * @param written whether a write set them, so that each is sealed afresh; else each is sealed as last published
     * when its value is the one sealed then
     */
    private Map<String, String> seal(String namespace, Map<String, String> values, Schema schema, boolean written) {
        if (!schema.hasSecrets()) {
            return values;
        }
        Map<String, Sealed> ofNamespace = sealed.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>());
        Map<String, String> published = new HashMap<>(values);
        published.replaceAll((key, value) -> schema.isSecret(key)
                ? ofNamespace.compute(key, (k, last) -> !written && last != null && last.plain().equals(value)
                        ? last
                        : new Sealed(value, encrypt(value))).cipher()
                : value);
        return published;
    }

    String encrypt(String plain) {
        SecretKeySpec aes = key.orElseThrow(ServerMessages.MESSAGES::noEncryptionKey);
        try {
            byte[] iv = new byte[IV_LENGTH];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(TAG_BITS, iv));
            byte[] encrypted = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.allocate(1 + IV_LENGTH + encrypted.length)
                    .put((byte) IV_LENGTH)
                    .put(iv)
                    .put(encrypted);
            return "${aes-gcm-nopadding::" + Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array())
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
