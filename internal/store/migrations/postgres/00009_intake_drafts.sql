-- +goose Up
-- Drafts of the intake form, saved while an intake worker types. A draft
-- holds personal data: only its author reads it, it is deleted when the
-- report is registered, and it expires (expires_at) a week after its last
-- save.
CREATE TABLE intake_drafts (
    user_id    BIGINT NOT NULL REFERENCES users (id),
    form_key   TEXT NOT NULL,
    form       TEXT NOT NULL,
    saved_at   TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, form_key)
);
CREATE INDEX intake_drafts_expiry ON intake_drafts (expires_at);

-- +goose Down
DROP TABLE intake_drafts;
