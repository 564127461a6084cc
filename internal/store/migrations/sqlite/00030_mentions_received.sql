-- +goose Up
-- The escalation rules read the newest signals of a report's persons on
-- every report stored. With the day of receipt on the mention, an index
-- hands them over newest first, a bounded number per person, instead of
-- every mention of the person joined to its report and sorted whole: the
-- cost stays flat as a person's history grows. It replaces
-- mentions_person_report (the same prefix serves its queries).
ALTER TABLE mentions ADD COLUMN received_at TIMESTAMP;
UPDATE mentions SET received_at = (SELECT r.received_at FROM reports r WHERE r.id = mentions.report_id);
DROP INDEX mentions_person_report;
CREATE INDEX mentions_person_received ON mentions (person_id, received_at, report_id);

-- No query reads reports by their registration time; the index only cost
-- a page write per report.
DROP INDEX reports_registered;

-- +goose Down
CREATE INDEX reports_registered ON reports (registered_at);
DROP INDEX mentions_person_received;
CREATE INDEX mentions_person_report ON mentions (person_id, report_id);
ALTER TABLE mentions DROP COLUMN received_at;
