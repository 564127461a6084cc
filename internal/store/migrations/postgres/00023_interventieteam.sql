-- +goose Up
-- The Interventieteam. Checklist versions are data: a region publishes a
-- new version, never changes one, and every case names the version it was
-- assessed with. An IT case is one document (its plan versions, scaling
-- scores, meetings and evaluations grow inside it, append-only by the
-- domain's rules) beside the columns lists and statistics select on; the
-- version column is the optimistic lock of every change.
CREATE TABLE it_checklists (
    version      INTEGER PRIMARY KEY,
    published_at TIMESTAMPTZ NOT NULL,
    body         TEXT NOT NULL
);
CREATE TABLE it_cases (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version           INTEGER NOT NULL,
    family            TEXT NOT NULL,
    team              TEXT NOT NULL,
    case_id           BIGINT,
    status            TEXT NOT NULL,
    referred_on       TEXT NOT NULL,
    checklist_version INTEGER NOT NULL REFERENCES it_checklists (version),
    body              TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX it_cases_referred ON it_cases (referred_on);
CREATE INDEX it_cases_case ON it_cases (case_id);

-- +goose Down
DROP TABLE it_cases;
DROP TABLE it_checklists;
