-- +goose Up
-- Counters hand out human numbers (M-2026-000123) without gaps inside the
-- transaction that uses them.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE persons (
    id            INTEGER PRIMARY KEY,
    first_names   TEXT NOT NULL DEFAULT '',
    initials      TEXT NOT NULL DEFAULT '',
    particle      TEXT NOT NULL DEFAULT '',
    surname       TEXT NOT NULL DEFAULT '',
    surname_key   TEXT NOT NULL DEFAULT '',
    birth_date    TEXT NOT NULL DEFAULT '',
    sex           TEXT NOT NULL DEFAULT '',
    bsn           TEXT NOT NULL DEFAULT '',
    street        TEXT NOT NULL DEFAULT '',
    house_number  TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    municipality  TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX persons_bsn ON persons (bsn) WHERE bsn <> '';
CREATE INDEX persons_name_birth ON persons (surname_key, birth_date);

CREATE TABLE reports (
    id                 INTEGER PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL CHECK (kind IN ('advice', 'report')),
    received_at        TIMESTAMP NOT NULL,
    channel            TEXT NOT NULL,
    reporter_kind      TEXT NOT NULL,
    reporter_name      TEXT NOT NULL DEFAULT '',
    reporter_org       TEXT NOT NULL DEFAULT '',
    reporter_function  TEXT NOT NULL DEFAULT '',
    reporter_phone     TEXT NOT NULL DEFAULT '',
    reporter_email     TEXT NOT NULL DEFAULT '',
    reporter_relation  TEXT NOT NULL DEFAULT '',
    reporter_protected BOOLEAN NOT NULL DEFAULT FALSE,
    external_ref       TEXT NOT NULL DEFAULT '',
    acute              BOOLEAN NOT NULL DEFAULT FALSE,
    children_present   TEXT NOT NULL DEFAULT '',
    violence_types     TEXT NOT NULL DEFAULT '',
    natures            TEXT NOT NULL DEFAULT '',
    municipality       TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',
    registered_at      TIMESTAMP NOT NULL,
    registered_by      TEXT NOT NULL DEFAULT '',
    idempotency_key    TEXT UNIQUE,
    request_hash       TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX reports_registered ON reports (registered_at);

CREATE TABLE mentions (
    id            INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL REFERENCES reports (id),
    position      INTEGER NOT NULL,
    role          TEXT NOT NULL,
    first_names   TEXT NOT NULL DEFAULT '',
    initials      TEXT NOT NULL DEFAULT '',
    particle      TEXT NOT NULL DEFAULT '',
    surname       TEXT NOT NULL DEFAULT '',
    birth_date    TEXT NOT NULL DEFAULT '',
    age           INTEGER,
    sex           TEXT NOT NULL DEFAULT '',
    street        TEXT NOT NULL DEFAULT '',
    house_number  TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    municipality  TEXT NOT NULL DEFAULT '',
    bsn           TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    person_id     INTEGER REFERENCES persons (id),
    UNIQUE (report_id, position)
);
CREATE INDEX mentions_person ON mentions (person_id);

CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,
    status     TEXT NOT NULL,
    team       TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT '',
    opened_at  TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE case_reports (
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    report_id INTEGER NOT NULL REFERENCES reports (id),
    PRIMARY KEY (case_id, report_id)
);
CREATE INDEX case_reports_report ON case_reports (report_id);

-- +goose Down
DROP TABLE case_reports;
DROP TABLE cases;
DROP TABLE mentions;
DROP TABLE reports;
DROP TABLE persons;
DROP TABLE counters;
