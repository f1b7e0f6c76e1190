package io.liveconfig.server.publish;

/**
 * The cluster's membership changed, a split brain was merged, or an app reported a later state than was published: the
 * replicated map may have lost or gone back on snapshots, or the database may have been restored, so every namespace is
 * checked against the database.
 *
 * @param reason what happened, for the log
 */
public record ClusterChanged(String reason) {
}
