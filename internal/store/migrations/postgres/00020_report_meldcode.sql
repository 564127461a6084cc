-- +goose Up
-- The meldcode part of a professional's report (reports.Meldcode): the
-- whole as JSON, and the number of steps taken beside it for the
-- statistics (NULL: not recorded).
ALTER TABLE reports ADD COLUMN meldcode TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN meldcode_steps INTEGER;

-- +goose Down
ALTER TABLE reports DROP COLUMN meldcode_steps;
ALTER TABLE reports DROP COLUMN meldcode;
