-- +goose Up
-- Retention (internal/retention): legal holds, and the tombstones of
-- files destroyed after their term. A tombstone holds numbers, counts,
-- dates and the rule's name: never a name or content.

CREATE TABLE legal_holds (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('case', 'person')),
    object_id BIGINT NOT NULL,
    reason    TEXT NOT NULL,
    placed_by TEXT NOT NULL,
    placed_at TIMESTAMPTZ NOT NULL,
    lifted_by TEXT NOT NULL DEFAULT '',
    lifted_at TIMESTAMPTZ
);
CREATE INDEX legal_holds_active ON legal_holds (kind, object_id) WHERE lifted_at IS NULL;

-- One row per destroyed file.
CREATE TABLE destroyed_files (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    destroyed_at TIMESTAMPTZ NOT NULL,
    rule         TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    persons      INTEGER NOT NULL,
    reports      INTEGER NOT NULL,
    cases        INTEGER NOT NULL
);

-- One row per destroyed record: a report or case by its number, a
-- registry person by its number in the registry (which the audit log
-- uses). The radar's followers read the persons from here to forget them.
CREATE TABLE destroyed_records (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_id BIGINT NOT NULL REFERENCES destroyed_files (id),
    kind    TEXT NOT NULL CHECK (kind IN ('person', 'report', 'case')),
    ref     TEXT NOT NULL
);
CREATE INDEX destroyed_records_ref ON destroyed_records (kind, ref);

-- +goose Down
DROP TABLE destroyed_records;
DROP TABLE destroyed_files;
DROP TABLE legal_holds;
