-- +goose Up
-- MIC (Melding Incidenten Cliënten): incident reports by IT workers, sent
-- to the team leader. One document per report (what happened, harm, who
-- was involved, the two follow-up questions) beside the columns the team
-- leader's work queue and the year's count select on: next_due is the due
-- date of the first open follow-up, '' when both were asked. A report
-- goes with its IT case (store.destroyFile).
CREATE TABLE it_mics (
    id          INTEGER PRIMARY KEY,
    version     INTEGER NOT NULL,
    it_case_id  BIGINT NOT NULL REFERENCES it_cases (id),
    team        TEXT NOT NULL,
    reporter_id BIGINT NOT NULL,
    reported_on TEXT NOT NULL,
    next_due    TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX it_mics_case ON it_mics (it_case_id);
CREATE INDEX it_mics_due ON it_mics (team, next_due);
CREATE INDEX it_mics_reported ON it_mics (reported_on);

-- +goose Down
DROP TABLE it_mics;
