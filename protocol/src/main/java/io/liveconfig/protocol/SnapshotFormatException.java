package io.liveconfig.protocol;

/** A published snapshot could not be read: malformed, unknown format, or its content hash does not match. */
public class SnapshotFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message) {
        super(message);
    }

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
