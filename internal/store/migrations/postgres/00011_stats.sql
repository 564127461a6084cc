-- +goose Up
-- Indexes for the statistics (internal/store/stats.go), so that a year of
-- a registry of a million reports is counted from indexes, without
-- reading the wide report and mention rows with their names and free
-- text.

-- Reports by time of receipt, with every column the tables group by.
CREATE INDEX reports_stats ON reports (received_at, kind, reporter_kind, acute, children_present, municipality, violence_types);

-- A repeat report names a person named in an earlier report: the persons
-- of a report and their other mentions, from the indexes alone (a year of
-- a million reports: 0.8 s instead of 2.3 s), with
-- mentions_person_report of 00010 the other way round.
CREATE INDEX mentions_report_person ON mentions (report_id, person_id);

-- +goose Down
DROP INDEX mentions_report_person;
DROP INDEX reports_stats;
