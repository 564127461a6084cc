-- +goose Up
-- What was changed as the result of a data subject's objection (AVG art.
-- 16), in the privacy officer's words: empty when nothing was changed and
-- the objection is only attached to the record.
ALTER TABLE rectifications ADD COLUMN changed TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE rectifications DROP COLUMN changed;
