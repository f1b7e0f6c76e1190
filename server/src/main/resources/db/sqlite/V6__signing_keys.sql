-- The keys the server signs publications with (signing.SigningKeys): apps apply only what one of them signed. One key
-- is active at a time; a new key waits as 'next' until apps trust it, the one it replaced stays 'previous' until
-- retired. The private key is stored encrypted with the key-encryption key, never in clear.
CREATE TABLE signing_key (
    id           VARCHAR(16)  NOT NULL PRIMARY KEY,
    public_key   VARCHAR(100) NOT NULL,
    private_key  TEXT         NOT NULL,
    state        VARCHAR(16)  NOT NULL CHECK (state IN ('next', 'active', 'previous')),
    created_at   INTEGER      NOT NULL,
    activated_at INTEGER
);
