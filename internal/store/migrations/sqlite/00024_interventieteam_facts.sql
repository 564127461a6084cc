-- +goose Up
-- The part of an IT case the year's statistics read (itteam.StatisticsFacts),
-- kept beside the document so that the tables over ten thousand cases do
-- not decode every plan and scaling score. Empty for a case stored before:
-- the statistics then read the document.
ALTER TABLE it_cases ADD COLUMN facts TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE it_cases DROP COLUMN facts;
