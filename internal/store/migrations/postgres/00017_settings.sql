-- +goose Up
-- Organisation settings the administrator changes in the interface, over
-- the built-in values: one row per setting, its value as JSON. Each change
-- is audited (settings.manage) in the transaction that stores it.
CREATE TABLE settings (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
