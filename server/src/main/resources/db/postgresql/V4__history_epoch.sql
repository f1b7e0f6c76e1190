-- The namespace's history epoch, raised when the cluster has seen a later state than this database holds (a restored
-- backup): snapshots of a higher epoch replace what apps hold whatever its revision.
ALTER TABLE namespace ADD COLUMN epoch BIGINT DEFAULT 0 NOT NULL;
