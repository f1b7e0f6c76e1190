package io.liveconfig.server.publish;

/**
 * The cluster's membership changed or a split brain was merged: the replicated map may have lost or gone back on
 * snapshots, so everything is published again from the database.
 *
 * @param reason what happened, for the log
 */
public record ClusterChanged(String reason) {
}
