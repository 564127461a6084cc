-- +goose Up
-- alerts_team (team, id) held every alert, as alerts_team_open and
-- alerts_team_acknowledged together hold them: a new alert was a key in
-- both alerts_team and alerts_team_open. The list and count of a team's
-- alerts in both states read the two partial indexes (store.alertStates).
DROP INDEX alerts_team;

-- +goose Down
CREATE INDEX alerts_team ON alerts (team, id);
