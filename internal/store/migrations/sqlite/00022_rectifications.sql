-- +goose Up
-- A data subject's objection to what Toren holds (AVG art. 16): a note
-- attached to a report, case or the registry person, recorded by the
-- privacy officer. The original stays as it was written; the note is listed
-- on the access page and in every access copy.
CREATE TABLE rectifications (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons (id),
    object_kind TEXT NOT NULL CHECK (object_kind IN ('person', 'report', 'case')),
    object_ref  TEXT NOT NULL,
    statement   TEXT NOT NULL,
    note        TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX rectifications_person ON rectifications (person_id);

-- +goose Down
DROP TABLE rectifications;
