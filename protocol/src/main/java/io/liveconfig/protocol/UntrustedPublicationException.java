package io.liveconfig.protocol;

/**
 * A publication is sound JSON with a matching content hash, but it is not the server's: unsigned, signed by a key the
 * reader does not trust, or with a signature that does not verify. Anyone who reaches the cluster port can write the
 * maps; only the server holds the signing key.
 */
public class UntrustedPublicationException extends SnapshotFormatException {

    private static final long serialVersionUID = 1L;

    public UntrustedPublicationException(String message) {
        super(message);
    }
}
