-- The authoritative copy in the embedded SQLite store: the schema that db/postgresql's V1 to V4 build, in one step
-- (SQLite has no identity columns and cannot alter them in place). Later migrations are written for both folders.
-- Times are INTEGER milliseconds since 1970 (how the SQLite driver stores a java.sql.Timestamp); booleans 0 and 1.

-- A namespace row is never removed: a deleted namespace keeps its revision counter, so a re-created namespace
-- continues above every revision that readers may hold.
CREATE TABLE namespace (
    name             VARCHAR(64) NOT NULL PRIMARY KEY,
    revision         BIGINT      NOT NULL,
    deleted          BOOLEAN     NOT NULL,
    created_at       INTEGER     NOT NULL,
    updated_at       INTEGER     NOT NULL,
    require_if_match BOOLEAN     DEFAULT FALSE NOT NULL,
    -- the namespace's typed schema as JSON (see the API's SchemaDocument); NULL: no schema
    schema_json      TEXT,
    -- the history epoch, raised when the cluster has seen a later state than this database holds
    epoch            BIGINT      DEFAULT 0 NOT NULL
);

CREATE TABLE entry (
    namespace  VARCHAR(64)  NOT NULL REFERENCES namespace (name),
    prop_key   VARCHAR(256) NOT NULL,
    prop_value TEXT         NOT NULL,
    -- the namespace revision that last set this value
    revision   BIGINT       NOT NULL,
    PRIMARY KEY (namespace, prop_key)
);

CREATE TABLE revision (
    namespace  VARCHAR(64)   NOT NULL REFERENCES namespace (name),
    revision   BIGINT        NOT NULL,
    kind       VARCHAR(16)   NOT NULL,
    author     VARCHAR(128)  NOT NULL,
    created_at INTEGER       NOT NULL,
    note       VARCHAR(1024),
    PRIMARY KEY (namespace, revision)
);

-- One row per key changed by a revision. old_value NULL: the key was added; new_value NULL: it was removed. secret:
-- whether the value was secret when it was written, so history keeps masking it whatever the schema says later.
CREATE TABLE revision_change (
    namespace VARCHAR(64)  NOT NULL,
    revision  BIGINT       NOT NULL,
    prop_key  VARCHAR(256) NOT NULL,
    old_value TEXT,
    new_value TEXT,
    secret    BOOLEAN      DEFAULT FALSE NOT NULL,
    PRIMARY KEY (namespace, revision, prop_key),
    FOREIGN KEY (namespace, revision) REFERENCES revision (namespace, revision)
);
-- The content as of revision N is, per key, its latest change at or below N.
CREATE INDEX change_by_key ON revision_change (namespace, prop_key, revision);

CREATE TABLE audit_event (
    -- INTEGER PRIMARY KEY: SQLite numbers the rows itself, in order
    id          INTEGER      NOT NULL PRIMARY KEY,
    occurred_at INTEGER      NOT NULL,
    actor       VARCHAR(128) NOT NULL,
    address     VARCHAR(64),
    action      VARCHAR(32)  NOT NULL,
    namespace   VARCHAR(64),
    revision    BIGINT,
    -- what was done, as JSON, secret values masked
    detail      TEXT
);
CREATE INDEX audit_by_namespace ON audit_event (namespace, id);
