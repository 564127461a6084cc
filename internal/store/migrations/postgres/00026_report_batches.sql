-- +goose Up
-- JSON Lines batches sent through the API, with the outcome of every
-- line, retrievable by the caller that sent them (owner: the audit log's
-- actor ID).
CREATE TABLE report_batches (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    lines      INTEGER NOT NULL,
    stored     INTEGER NOT NULL,
    replayed   INTEGER NOT NULL,
    invalid    INTEGER NOT NULL,
    results    TEXT NOT NULL
);

-- +goose Down
DROP TABLE report_batches;
