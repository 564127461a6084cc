-- +goose Up
-- The registry's change feed: one row per change to a registry person
-- after it was created (an enrichment, a merge or its undoing) and per
-- mention moved from one person to another (a reviewer's link), written
-- by triggers, so that every writer is covered. Servers on one database
-- follow it to keep their radar index current (radarsvc.Resolver.Sync);
-- new persons they follow by id. A sequence number may commit after a
-- higher one: followers ask for a skipped number again for a while.
CREATE TABLE registry_changes (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id BIGINT NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION registry_change_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO registry_changes (person_id) VALUES (NEW.id);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION registry_change_mention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.person_id IS NOT NULL THEN
        INSERT INTO registry_changes (person_id) VALUES (OLD.person_id);
    END IF;
    IF NEW.person_id IS NOT NULL THEN
        INSERT INTO registry_changes (person_id) VALUES (NEW.person_id);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER registry_changes_person AFTER UPDATE ON persons
    FOR EACH ROW EXECUTE FUNCTION registry_change_person();
CREATE TRIGGER registry_changes_mention AFTER UPDATE OF person_id ON mentions
    FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id) EXECUTE FUNCTION registry_change_mention();

-- +goose Down
DROP TRIGGER registry_changes_mention ON mentions;
DROP TRIGGER registry_changes_person ON persons;
DROP FUNCTION registry_change_mention();
DROP FUNCTION registry_change_person();
DROP TABLE registry_changes;
