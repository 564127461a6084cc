-- +goose Up
-- Alerts raised by the escalation rules (internal/escalate), and the index
-- that finds the persons sharing an address (household).

-- One row per alert, written in the transaction that stores the report
-- that raised it. team is whom the alert is for (the triage team or the
-- case's team); user_id narrows it to one worker when known. case_id is
-- the case concerned; related_reports the comma list of earlier report IDs
-- that made the rule fire. An alert is acknowledged once, with a note.
CREATE TABLE alerts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule            TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('notice', 'high', 'urgent')),
    audience        TEXT NOT NULL CHECK (audience IN ('triage', 'case_manager', 'monitoring')),
    report_id       BIGINT NOT NULL REFERENCES reports (id),
    person_id       BIGINT REFERENCES persons (id),
    case_id         BIGINT REFERENCES cases (id),
    team            TEXT NOT NULL DEFAULT '',
    user_id         BIGINT REFERENCES users (id),
    related_reports TEXT NOT NULL DEFAULT '',
    explanation     TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    acknowledged_by BIGINT REFERENCES users (id),
    acknowledged_at TIMESTAMPTZ,
    ack_note        TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);
CREATE INDEX alerts_team ON alerts (team, id);
CREATE INDEX alerts_team_open ON alerts (team, id) WHERE acknowledged_at IS NULL;
CREATE INDEX alerts_user ON alerts (user_id, id) WHERE user_id IS NOT NULL;
CREATE INDEX alerts_report ON alerts (report_id);

-- Household: registry persons at the same postcode and house number.
CREATE INDEX persons_address ON persons (postcode, house_number) WHERE postcode <> '';

-- +goose Down
DROP INDEX persons_address;
DROP TABLE alerts;
