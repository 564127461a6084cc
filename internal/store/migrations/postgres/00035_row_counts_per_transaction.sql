-- +goose Up
-- The row counts' triggers update one row of row_counts per inserted
-- report or person. Within one transaction every update of that row makes
-- a new version of it that no one can prune until the transaction ends, and
-- each update walks the versions before it: an import batch of 1,000 reports
-- and 2,000 persons spent time quadratic in the batch on the counts. A
-- transaction that sets toren.rows_counted (set_config(..., true): for the
-- transaction only) counts its own inserts and adds them once, before it
-- commits (store.intakeTx); the triggers then leave its inserts alone.
-- Deletes and kind changes are counted by the triggers as before.

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION row_counts_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND current_setting('toren.rows_counted', true) = 'on' THEN
        RETURN NULL;
    END IF;
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION row_counts_persons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF current_setting('toren.rows_counted', true) = 'on' THEN
            RETURN NULL;
        END IF;
        UPDATE row_counts SET n = n + 1 WHERE name = 'persons';
    ELSE
        UPDATE row_counts SET n = n - 1 WHERE name = 'persons';
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION row_counts_reports() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION row_counts_persons() RETURNS trigger LANGUAGE plpgsql AS $$
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
