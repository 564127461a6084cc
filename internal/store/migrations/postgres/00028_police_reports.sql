-- +goose Up
-- Reports to the police, a follow-up step after an investigation (one of
-- Veilig Thuis's legal tasks): what was shared, with whom, on which legal
-- ground and why, who recorded it and when. A disclosure: its audit entry
-- is written in the same transaction.
CREATE TABLE case_police_reports (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    episode      INTEGER NOT NULL,
    reported_at  TIMESTAMPTZ NOT NULL,
    police_unit  TEXT NOT NULL,
    shared       TEXT NOT NULL,
    legal_ground TEXT NOT NULL CHECK (legal_ground IN ('meldrecht', 'conflict_of_duties', 'consent', 'court_order')),
    weighing     TEXT NOT NULL,
    reference    TEXT NOT NULL DEFAULT '',
    by_id        BIGINT NOT NULL,
    by_name      TEXT NOT NULL DEFAULT '',
    recorded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_police_reports_case ON case_police_reports (case_id);

-- +goose Down
DROP TABLE case_police_reports;
