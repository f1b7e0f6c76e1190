package io.liveconfig.protocol;

/**
 * Where a namespace stands in its history: which published state replaces which, for the server, the cluster's merge
 * and every app alike.
 *
 * @param epoch the history epoch: 0 until the server finds its database behind what the cluster has seen (a database
 * restored from a backup) and raises it, so that its older content replaces what apps hold
 * @param revision the revision, monotonic per namespace within an epoch
 */
public record Version(long epoch, long revision) {

    public Version {
        if (revision < 0 || epoch < 0) {
            throw new IllegalArgumentException("epoch and revision must not be negative: " + epoch + ", " + revision);
        }
    }

    /** Whether this version replaces the other: a later epoch, or the same epoch and a higher revision. */
    public boolean supersedes(Version other) {
        return supersedes(epoch, revision, other.epoch, other.revision);
    }

    /** The order of {@link #supersedes(Version)} on (epoch, revision) pairs, without making records. */
    public static boolean supersedes(long epoch, long revision, long otherEpoch, long otherRevision) {
        return epoch != otherEpoch ? epoch > otherEpoch : revision > otherRevision;
    }

    /** The later of two versions; the first when neither supersedes the other. */
    public static Version later(Version a, Version b) {
        return b.supersedes(a) ? b : a;
    }
}
