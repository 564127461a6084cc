-- +goose Up
-- Break-glass grants: an intake worker reads a file outside their team in
-- an emergency, with a written reason; the team leader reviews it.
CREATE TABLE break_glass_grants (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    object_kind TEXT NOT NULL,
    object_id   INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    issued_at   TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    reviewed_by INTEGER REFERENCES users (id),
    reviewed_at TIMESTAMP,
    review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX break_glass_active ON break_glass_grants (user_id, object_kind, object_id, expires_at);
CREATE INDEX break_glass_unreviewed ON break_glass_grants (reviewed_at, issued_at);

-- +goose Down
DROP TABLE break_glass_grants;
