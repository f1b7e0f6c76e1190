package io.liveconfig.protocol;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The public keys whose signatures a reader accepts: an app's configured trust, or the server's own keys. A publication
 * is applied only if its seal verifies against one of them.
 * <p>
 * Keys are written as base64 of their X.509 encoding ({@code MCowBQYDK2VwAyEA…}, 60 characters); a key's id is the
 * first 8 bytes of the SHA-256 of that encoding, in hex, which publications name so the reader knows which key to try.
 */
public final class TrustedKeys {

    private static final TrustedKeys INSECURE = new TrustedKeys(Map.of(), true);

    private final Map<String, PublicKey> keys;
    private final boolean insecure;

    private TrustedKeys(Map<String, PublicKey> keys, boolean insecure) {
        this.keys = Map.copyOf(keys);
        this.insecure = insecure;
    }

    /**
     * Trust in the given keys.
     *
     * @throws IllegalArgumentException naming the text that is not an Ed25519 public key
     */
    public static TrustedKeys of(Collection<String> publicKeys) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (String text : publicKeys) {
            PublicKey key = decode(text);
            keys.put(keyId(key), key);
        }
        return new TrustedKeys(keys, false);
    }

    /** Trust in the given keys, by id. */
    public static TrustedKeys ofKeys(Collection<PublicKey> publicKeys) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        publicKeys.forEach(key -> keys.put(keyId(key), key));
        return new TrustedKeys(keys, false);
    }

    /**
     * Accepts every publication without checking its signature: only for an app whose operator said so explicitly.
     * Anyone who reaches the cluster port can then change its values.
     */
    public static TrustedKeys insecure() {
        return INSECURE;
    }

    public boolean isInsecure() {
        return insecure;
    }

    /** The ids of the trusted keys. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /**
     * Checks a seal's signature.
     *
     * @throws UntrustedPublicationException if it is unsigned, signed by a key not trusted here, or does not verify
     */
    public void verify(Seal seal) {
        if (insecure) {
            return;
        }
        if (seal.keyId() == null || seal.signature() == null) {
            throw new UntrustedPublicationException(describe(seal) + " is not signed");
        }
        PublicKey key = keys.get(seal.keyId());
        if (key == null) {
            throw new UntrustedPublicationException(describe(seal) + " is signed by key " + seal.keyId()
                    + ", which is not trusted here (trusted: " + keys.keySet() + ")");
        }
        boolean valid;
        try {
            Signature signature = Signature.getInstance(PublicationSigner.ALGORITHM);
            signature.initVerify(key);
            signature.update(seal.statement());
            valid = signature.verify(Base64.getUrlDecoder().decode(seal.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            valid = false;
        }
        if (!valid) {
            throw new UntrustedPublicationException(describe(seal) + " has a signature that does not verify with key "
                    + seal.keyId());
        }
    }

    /** Whether the seal verifies. */
    public boolean verifies(Seal seal) {
        try {
            verify(seal);
            return true;
        } catch (UntrustedPublicationException e) {
            return false;
        }
    }

    private static String describe(Seal seal) {
        return (seal.kind() == Seal.Kind.SNAPSHOT ? "Snapshot" : "Change") + " of namespace '" + seal.namespace()
                + "' at revision " + seal.revision() + " (epoch " + seal.epoch() + ")";
    }

    /** The id publications name their key by. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /** A public key as apps configure it. */
    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * @throws IllegalArgumentException if the text is not an Ed25519 public key in base64 of its X.509 encoding
     */
    public static PublicKey decode(String text) {
        try {
            return KeyFactory.getInstance(PublicationSigner.ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' is not an Ed25519 public key (base64 of "
                    + "its X.509 encoding, e.g. MCowBQYDK2VwAyEA…)");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
