-- Whether a changed value was secret when it was written: history keeps masking it even if the schema later
-- stops calling it secret or the namespace is re-created without schema.
ALTER TABLE revision_change ADD COLUMN secret BOOLEAN DEFAULT FALSE NOT NULL;
