-- +goose Up
-- The statistics (internal/store/stats.go) count reports by their time of
-- receipt for a year, a quarter or a range of days. This index holds every
-- column they group by, so that they read the index alone and never the
-- wide report rows with their free text; without it each table of figures
-- reads the whole reports table.
CREATE INDEX reports_stats ON reports (received_at, kind, reporter_kind, acute, children_present, municipality, violence_types);

-- A repeat report names a person named in an earlier report: the earlier
-- mentions of a person are found with their report from the index alone.
-- It replaces mentions_person (00001), whose look-ups it serves as well.
CREATE INDEX mentions_person_report ON mentions (person_id, report_id);
DROP INDEX mentions_person;

-- +goose Down
CREATE INDEX mentions_person ON mentions (person_id);
DROP INDEX mentions_person_report;
DROP INDEX reports_stats;
