-- +goose Up
-- A handover names the team that handed the case over (it keeps reading
-- the case during monitoring) and, for a handover inside Veilig Thuis, the
-- team that receives it (it answers the handover itself and then owns the
-- case).
ALTER TABLE case_handovers ADD COLUMN from_team TEXT NOT NULL DEFAULT '';
ALTER TABLE case_handovers ADD COLUMN to_team TEXT NOT NULL DEFAULT '';
CREATE INDEX case_handovers_to_team ON case_handovers (to_team, status);

-- +goose Down
DROP INDEX case_handovers_to_team;
ALTER TABLE case_handovers DROP COLUMN to_team;
ALTER TABLE case_handovers DROP COLUMN from_team;
