-- +goose Up
-- The statistics select reports by their time of receipt (a year, a
-- quarter, a range of days; internal/store/stats.go). Without this index
-- every table of figures reads the whole reports table.
CREATE INDEX reports_received ON reports (received_at);

-- +goose Down
DROP INDEX reports_received;
