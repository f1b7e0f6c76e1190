package io.liveconfig.protocol;

import java.nio.charset.StandardCharsets;

/**
 * What the server signed about one publication: which namespace, where in its history, the content hash of what was
 * published, and the signature over all of it. The content hash covers every entry or every key of a step (see
 * {@link SnapshotCodec}), so a reader that checked the hash against the content it decoded and this signature against a
 * trusted key knows that the server published exactly that content.
 * <p>
 * A seal is small: apps keep the one of each namespace they hold and carry it in their instance reports, which is how
 * the server tells a report of a revision it really published from a stranger's claim.
 *
 * @param kind a whole snapshot or a change
 * @param namespace the namespace
 * @param epoch the history epoch reached
 * @param baseRevision the revision a step applies to, or {@link SnapshotChange#WHOLE} (whole snapshots and changes that
 * point to one)
 * @param revision the revision reached
 * @param deleted whether the namespace was deleted
 * @param hash the content hash, hex SHA-256
 * @param keyId the id of the key that signed it (see {@link TrustedKeys#keyId})
 * @param signature the Ed25519 signature of {@link #statement()}, base64 (URL-safe, no padding)
 */
public record Seal(Kind kind, String namespace, long epoch, long baseRevision, long revision, boolean deleted,
        String hash, String keyId, String signature) {

    /** What was published. */
    public enum Kind {
        SNAPSHOT, CHANGE;

        String id() {
            return this == SNAPSHOT ? "snapshot" : "change";
        }

        static Kind of(String id) {
            return switch (id) {
                case "snapshot" -> SNAPSHOT;
                case "change" -> CHANGE;
                default -> throw new SnapshotFormatException("Unknown publication kind '" + id + "'");
            };
        }
    }

    /** Versioned, so that a later layout can never be mistaken for this one. */
    private static final String STATEMENT_PREFIX = "LiveConfig publication 1";

    /** The bytes that are signed: every field but the key and the signature, NUL-separated, in a fixed order. */
    public byte[] statement() {
        return statement(kind, namespace, epoch, baseRevision, revision, deleted, hash);
    }

    static byte[] statement(Kind kind, String namespace, long epoch, long baseRevision, long revision,
            boolean deleted, String hash) {
        return String.join("\0", STATEMENT_PREFIX, kind.id(), namespace, Long.toString(epoch),
                Long.toString(baseRevision), Long.toString(revision), Boolean.toString(deleted), hash)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Where the namespace stands after the publication. */
    public Version version() {
        return new Version(epoch, revision);
    }
}
