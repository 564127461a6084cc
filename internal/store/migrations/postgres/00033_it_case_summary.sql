-- +goose Up
-- What a list shows of an IT case (itteam.Summary: admitted, the latest
-- colour code, the duo, a CCB escalation), kept beside the document so
-- that the list does not decode every plan version and scaling score.
-- Empty for a case stored before: the list then reads the document.
ALTER TABLE it_cases ADD COLUMN summary TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE it_cases DROP COLUMN summary;
