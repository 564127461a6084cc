-- +goose Up
-- Break-glass grants: an intake worker reads a file outside their team in
-- an emergency, with a written reason; the team leader reviews it.
CREATE TABLE break_glass_grants (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    object_kind TEXT NOT NULL,
    object_id   BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    issued_at   TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    reviewed_by BIGINT REFERENCES users (id),
    reviewed_at TIMESTAMPTZ,
    review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX break_glass_active ON break_glass_grants (user_id, object_kind, object_id, expires_at);
CREATE INDEX break_glass_unreviewed ON break_glass_grants (reviewed_at, issued_at);

-- +goose Down
DROP TABLE break_glass_grants;
