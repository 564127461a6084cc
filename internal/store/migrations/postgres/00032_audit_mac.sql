-- +goose Up
-- A keyed audit chain (internal/audit/key.go): each entry written with an
-- audit key carries the key's ID and HMAC-SHA256 over its hash. Entries
-- written before (or without) a key keep both empty; the hash chain is
-- unchanged.
ALTER TABLE audit_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN mac TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE audit_log DROP COLUMN mac;
ALTER TABLE audit_log DROP COLUMN key_id;
