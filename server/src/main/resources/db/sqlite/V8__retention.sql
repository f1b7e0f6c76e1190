-- History retention (repair.Retention): revisions below history_from were pruned; asking for one answers 410. Rows of
-- older revisions stay where the kept history needs them: the change that set a key's value at history_from, the
-- schema changes (their revision rows only) and secret changes (without their values), so that masking and rollbacks
-- of secret values decide as before.
ALTER TABLE namespace ADD COLUMN history_from BIGINT DEFAULT 0 NOT NULL;
-- Audit retention deletes the oldest events first.
CREATE INDEX audit_by_time ON audit_event (occurred_at);
