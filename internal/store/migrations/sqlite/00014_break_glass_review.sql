-- +goose Up
-- Break-glass grants carry a reason from a short list beside the written
-- one, the teams that owned the content when the grant was issued (their
-- team leaders review it), and the review's outcome as a code.
ALTER TABLE break_glass_grants ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';
ALTER TABLE break_glass_grants ADD COLUMN teams TEXT NOT NULL DEFAULT '';
ALTER TABLE break_glass_grants ADD COLUMN review_outcome TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_actor_at ON audit_log (actor_id, at);

-- +goose Down
DROP INDEX audit_log_actor_at;
ALTER TABLE break_glass_grants DROP COLUMN review_outcome;
ALTER TABLE break_glass_grants DROP COLUMN teams;
ALTER TABLE break_glass_grants DROP COLUMN reason_code;
