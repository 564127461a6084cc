-- +goose Up
-- Person search (package search), counts for the start page and the
-- partner catalogue of the administration pages.

-- The name index: one row per surname (part) of a person, so that
-- "Jansen-de Vries" is found as "jansen-vries", "jansen" and "vries".
-- phon is the radar's phonetic code of surname; given the folded first
-- given name or initial. Written with the person by the store. The keys
-- compare bytewise (COLLATE "C"), as in SQLite, so that prefix ranges
-- mean the same in both.
CREATE TABLE person_search_keys (
    phon      TEXT COLLATE "C" NOT NULL,
    surname   TEXT COLLATE "C" NOT NULL,
    given     TEXT COLLATE "C" NOT NULL,
    person_id BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    PRIMARY KEY (phon, surname, given, person_id)
);
CREATE INDEX person_search_keys_surname ON person_search_keys (surname, given, person_id);
CREATE INDEX person_search_keys_person ON person_search_keys (person_id);

-- Persons registered before this migration get their keys when Toren
-- starts (store.BackfillSearchKeys); after_id is how far it got.
CREATE TABLE search_backfill (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    after_id BIGINT NOT NULL,
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
    n    BIGINT NOT NULL
);
INSERT INTO row_counts (name, n) SELECT 'reports.report', COUNT(*) FROM reports WHERE kind = 'report';
INSERT INTO row_counts (name, n) SELECT 'reports.advice', COUNT(*) FROM reports WHERE kind = 'advice';
INSERT INTO row_counts (name, n) SELECT 'persons', COUNT(*) FROM persons;

-- +goose StatementBegin
CREATE FUNCTION row_counts_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE row_counts SET n = n - 1 WHERE name = 'reports.' || OLD.kind;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE row_counts SET n = n + 1 WHERE name = 'reports.' || NEW.kind;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER reports_count_insert_delete AFTER INSERT OR DELETE ON reports
    FOR EACH ROW EXECUTE FUNCTION row_counts_reports();
CREATE TRIGGER reports_count_kind AFTER UPDATE OF kind ON reports
    FOR EACH ROW WHEN (NEW.kind IS DISTINCT FROM OLD.kind) EXECUTE FUNCTION row_counts_reports();

-- +goose StatementBegin
CREATE FUNCTION row_counts_persons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE row_counts SET n = n + 1 WHERE name = 'persons';
    ELSE
        UPDATE row_counts SET n = n - 1 WHERE name = 'persons';
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER persons_count AFTER INSERT OR DELETE ON persons
    FOR EACH ROW EXECUTE FUNCTION row_counts_persons();

-- Partners (ketenpartners) cases are handed over to: local teams, care
-- providers, ... name_key is the lower-cased name: one name per
-- municipality.
CREATE TABLE partners (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    municipality TEXT NOT NULL DEFAULT '',
    contact      TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (name_key, municipality)
);

-- +goose Down
DROP TABLE partners;
DROP TRIGGER persons_count ON persons;
DROP FUNCTION row_counts_persons();
DROP TRIGGER reports_count_kind ON reports;
DROP TRIGGER reports_count_insert_delete ON reports;
DROP FUNCTION row_counts_reports();
DROP TABLE row_counts;
DROP INDEX persons_birth;
CREATE INDEX mentions_person ON mentions (person_id);
DROP INDEX mentions_person_report;
DROP TABLE search_backfill;
DROP TABLE person_search_keys;
