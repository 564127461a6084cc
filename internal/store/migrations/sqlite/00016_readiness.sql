-- +goose Up
-- One row that the readiness check (/readyz) rewrites: a database that
-- answers reads but cannot take a write (a full disk, a read-only file
-- system) must not look healthy to the load balancer.
CREATE TABLE readiness (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
);
INSERT INTO readiness (id, checked_at) VALUES (1, '1970-01-01T00:00:00Z');

-- +goose Down
DROP TABLE readiness;
