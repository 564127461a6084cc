-- +goose Up
-- Person search (package search), counts for the start page and the
-- partner catalogue of the administration pages.

-- The name index: one row per surname (part) of a person, so that
-- "Jansen-de Vries" is found as "jansen-vries", "jansen" and "vries".
-- phon is the radar's phonetic code of surname; given the folded first
-- given name or initial. Written with the person by the store.
CREATE TABLE person_search_keys (
    phon      TEXT NOT NULL,
    surname   TEXT NOT NULL,
    given     TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    PRIMARY KEY (phon, surname, given, person_id)
) WITHOUT ROWID;
CREATE INDEX person_search_keys_surname ON person_search_keys (surname, given);
CREATE INDEX person_search_keys_person ON person_search_keys (person_id);

-- Persons registered before this migration get their keys when Toren
-- starts (store.BackfillSearchKeys); after_id is how far it got.
CREATE TABLE search_backfill (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    after_id INTEGER NOT NULL,
    done     BOOLEAN NOT NULL
);
INSERT INTO search_backfill (id, after_id, done) VALUES (1, 0, FALSE);

CREATE INDEX persons_birth ON persons (birth_date) WHERE birth_date <> '';

-- Need-to-know on a page of search hits, the person page and the signal
-- counts read a person's mentions only for their reports: with report_id
-- in the index they need not visit the mention rows themselves.
DROP INDEX mentions_person;
CREATE INDEX mentions_person_report ON mentions (person_id, report_id);
-- persons_address (postcode, house number) comes with 00006.

-- Row counts kept by triggers, so the start page does not count millions
-- of rows on every visit.
CREATE TABLE row_counts (
    name TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
);
INSERT INTO row_counts (name, n) SELECT 'reports.report', COUNT(*) FROM reports WHERE kind = 'report';
INSERT INTO row_counts (name, n) SELECT 'reports.advice', COUNT(*) FROM reports WHERE kind = 'advice';
INSERT INTO row_counts (name, n) SELECT 'persons', COUNT(*) FROM persons;

-- +goose StatementBegin
CREATE TRIGGER reports_count_insert AFTER INSERT ON reports
BEGIN
    UPDATE row_counts SET n = n + 1 WHERE name = 'reports.' || NEW.kind;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER reports_count_delete AFTER DELETE ON reports
BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'reports.' || OLD.kind;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER reports_count_kind AFTER UPDATE OF kind ON reports WHEN NEW.kind <> OLD.kind
BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'reports.' || OLD.kind;
    UPDATE row_counts SET n = n + 1 WHERE name = 'reports.' || NEW.kind;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER persons_count_insert AFTER INSERT ON persons
BEGIN
    UPDATE row_counts SET n = n + 1 WHERE name = 'persons';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER persons_count_delete AFTER DELETE ON persons
BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'persons';
END;
-- +goose StatementEnd

-- Partners (ketenpartners) cases are handed over to: local teams, care
-- providers, ... name_key is the lower-cased name: one name per
-- municipality.
CREATE TABLE partners (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    municipality TEXT NOT NULL DEFAULT '',
    contact      TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (name_key, municipality)
);

-- +goose Down
DROP TABLE partners;
DROP TRIGGER persons_count_delete;
DROP TRIGGER persons_count_insert;
DROP TRIGGER reports_count_kind;
DROP TRIGGER reports_count_delete;
DROP TRIGGER reports_count_insert;
DROP TABLE row_counts;
DROP INDEX persons_birth;
CREATE INDEX mentions_person ON mentions (person_id);
DROP INDEX mentions_person_report;
DROP TABLE search_backfill;
DROP TABLE person_search_keys;
