-- The authoritative copy. Portable SQL: runs on H2 2.x and PostgreSQL 15.

-- A namespace row is never removed: a deleted namespace keeps its revision counter, so a re-created namespace
-- continues above every revision that readers may hold.
CREATE TABLE namespace (
    name       VARCHAR(64)              NOT NULL PRIMARY KEY,
    revision   BIGINT                   NOT NULL,
    deleted    BOOLEAN                  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE entry (
    namespace  VARCHAR(64)    NOT NULL REFERENCES namespace (name),
    prop_key   VARCHAR(256)   NOT NULL,
    prop_value VARCHAR(65536) NOT NULL,
    -- the namespace revision that last set this value
    revision   BIGINT         NOT NULL,
    PRIMARY KEY (namespace, prop_key)
);
