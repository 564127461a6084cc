-- +goose Up
-- The registry's change feed: one row per change to a registry person
-- after it was created (an enrichment, a merge or its undoing) and per
-- mention moved from one person to another (a reviewer's link), written
-- by triggers, so that every writer is covered. Servers on one database
-- follow it to keep their radar index current (radarsvc.Resolver.Sync);
-- new persons they follow by id.
CREATE TABLE registry_changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER registry_changes_person AFTER UPDATE ON persons
BEGIN
    INSERT INTO registry_changes (person_id) VALUES (NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER registry_changes_mention AFTER UPDATE OF person_id ON mentions
WHEN OLD.person_id IS NOT NEW.person_id
BEGIN
    INSERT INTO registry_changes (person_id) SELECT OLD.person_id WHERE OLD.person_id IS NOT NULL;
    INSERT INTO registry_changes (person_id) SELECT NEW.person_id WHERE NEW.person_id IS NOT NULL;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER registry_changes_mention;
DROP TRIGGER registry_changes_person;
DROP TABLE registry_changes;
