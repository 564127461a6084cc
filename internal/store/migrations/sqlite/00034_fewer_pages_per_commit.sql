-- +goose Up
-- One B-tree fewer written by every intake commit: a commit writes each
-- page it changed to the WAL in full, so every table or index a report
-- touches costs at least one page per commit.
--
-- The merge proposer asks, for every pair it proposes and inside its
-- write transaction, whether an open review item of a mention made one of
-- the two persons (store.openMentionItemsOfPersons). Without an index that
-- scanned every open review item: on a registry of 1,000,000 persons with
-- 63,000 open items the proposer held the single writer for seconds at a
-- time and intake stalled (docs/benchmarks.md). Only open items of
-- mentions are keys.
CREATE INDEX review_items_open_new_person ON review_items (new_person_id) WHERE kind = 'mention' AND status = 'open';

-- The row counts move into the counters table, as rows named "rows:...":
-- the report number's counter is written by every intake commit anyway,
-- and the counts' own table was one more page per commit. row_counts stays
-- as a view, so that it is read as before.
INSERT INTO counters (name, value) SELECT 'rows:' || name, n FROM row_counts;
DROP TRIGGER reports_count_insert;
DROP TRIGGER reports_count_delete;
DROP TRIGGER reports_count_kind;
DROP TRIGGER persons_count_insert;
DROP TRIGGER persons_count_delete;
DROP TABLE row_counts;
CREATE VIEW row_counts (name, n) AS
    SELECT substr(name, 6), value FROM counters WHERE name >= 'rows:' AND name < 'rows;';

-- +goose StatementBegin
CREATE TRIGGER reports_count_insert AFTER INSERT ON reports
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'rows:reports.' || NEW.kind;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER reports_count_delete AFTER DELETE ON reports
BEGIN
    UPDATE counters SET value = value - 1 WHERE name = 'rows:reports.' || OLD.kind;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER reports_count_kind AFTER UPDATE OF kind ON reports WHEN NEW.kind <> OLD.kind
BEGIN
    UPDATE counters SET value = value - 1 WHERE name = 'rows:reports.' || OLD.kind;
    UPDATE counters SET value = value + 1 WHERE name = 'rows:reports.' || NEW.kind;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER persons_count_insert AFTER INSERT ON persons
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'rows:persons';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER persons_count_delete AFTER DELETE ON persons
BEGIN
    UPDATE counters SET value = value - 1 WHERE name = 'rows:persons';
END;
-- +goose StatementEnd

-- +goose Down
DROP INDEX review_items_open_new_person;
DROP TRIGGER persons_count_delete;
DROP TRIGGER persons_count_insert;
DROP TRIGGER reports_count_kind;
DROP TRIGGER reports_count_delete;
DROP TRIGGER reports_count_insert;
DROP VIEW row_counts;
CREATE TABLE row_counts (
    name TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
);
INSERT INTO row_counts (name, n) SELECT substr(name, 6), value FROM counters WHERE name >= 'rows:' AND name < 'rows;';
DELETE FROM counters WHERE name >= 'rows:' AND name < 'rows;';
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
