-- Which store this is. The server keeps the same id in a file of its data directory, so a start that finds an empty
-- or another database where this one was refuses instead of serving it (store.StoreIdentity). Exactly one row.
CREATE TABLE store_identity (
    slot            INTEGER                  NOT NULL PRIMARY KEY CHECK (slot = 1),
    id              VARCHAR(36)              NOT NULL,
    created_at      INTEGER                  NOT NULL,
    -- set in backup copies only: a server that starts on one knows it runs on a restored backup
    backup_taken_at INTEGER
);
