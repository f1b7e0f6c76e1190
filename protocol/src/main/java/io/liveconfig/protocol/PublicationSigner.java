package io.liveconfig.protocol;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs publications with one Ed25519 key (the JDK's own implementation). The server holds it; apps only ever see the
 * public half ({@link TrustedKeys}). Thread-safe: each signature uses its own {@link Signature} object.
 */
public final class PublicationSigner {

    static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    public PublicationSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = TrustedKeys.keyId(publicKey);
    }

    /** A signer with a new random key pair. */
    public static PublicationSigner generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new PublicationSigner(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java 17 platform has Ed25519", e);
        }
    }

    /**
     * A signer from stored keys.
     *
     * @param privateKey the private key's PKCS#8 encoding
     * @param publicKey the public key as {@link TrustedKeys#encode} writes it
     * @throws IllegalArgumentException if they are not an Ed25519 key pair's
     */
    public static PublicationSigner of(byte[] privateKey, String publicKey) {
        try {
            PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(privateKey));
            return new PublicationSigner(key, TrustedKeys.decode(publicKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The public key as apps configure it: base64 of its X.509 encoding. */
    public String publicKeyText() {
        return TrustedKeys.encode(publicKey);
    }

    /** The seal of a publication: its statement signed with this key. */
    Seal seal(Seal.Kind kind, String namespace, long epoch, long baseRevision, long revision, boolean deleted,
            String hash) {
        byte[] statement = Seal.statement(kind, namespace, epoch, baseRevision, revision, deleted, hash);
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(statement);
            return new Seal(kind, namespace, epoch, baseRevision, revision, deleted, hash, keyId,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing with an Ed25519 key cannot fail", e);
        }
    }
}
