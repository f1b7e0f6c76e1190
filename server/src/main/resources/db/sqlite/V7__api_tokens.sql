-- The API tokens callers authenticate with (access.ApiTokens). Only a SHA-256 hash of each token is kept: the token
-- itself is shown once, when it is created. A revoked token stays listed, so the audit log's names keep their meaning;
-- a name is unique among the tokens that are not revoked.
CREATE TABLE api_token (
    id           VARCHAR(16)  NOT NULL PRIMARY KEY,
    name         VARCHAR(64)  NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    -- the grants, as granted (access.Grant), separated by spaces
    grants       TEXT         NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER,
    revoked_at   INTEGER,
    revoked_by   VARCHAR(200)
);
CREATE UNIQUE INDEX api_token_active_name ON api_token (name) WHERE revoked_at IS NULL;
