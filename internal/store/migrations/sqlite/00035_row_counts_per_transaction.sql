-- +goose Up
-- Nothing on SQLite: the PostgreSQL migration of this number lets a
-- transaction count its own inserts (see there). SQLite keeps its counts
-- in counters (00034), updated in place, so a batch's updates of one
-- counter do not pile up.
SELECT 1;

-- +goose Down
SELECT 1;
