-- +goose Up
-- A partner answers a handover through its own system: an API client
-- speaks for one partner of the catalogue, and a handover names the
-- catalogue partner it goes to (NULL for a partner outside the catalogue
-- or for Team Monitoring inside Veilig Thuis), so that a client sees only
-- the handovers to its own partner. An answer or a monitoring report the
-- client gave names the client (the audit log names it too).
ALTER TABLE api_clients ADD COLUMN partner_id BIGINT REFERENCES partners (id);
ALTER TABLE case_handovers ADD COLUMN partner_id BIGINT REFERENCES partners (id);
ALTER TABLE case_handovers ADD COLUMN responded_client BIGINT REFERENCES api_clients (id);
ALTER TABLE case_monitoring ADD COLUMN done_client BIGINT REFERENCES api_clients (id);
CREATE INDEX case_handovers_partner ON case_handovers (partner_id, status);

-- +goose Down
DROP INDEX case_handovers_partner;
ALTER TABLE case_monitoring DROP COLUMN done_client;
ALTER TABLE case_handovers DROP COLUMN responded_client;
ALTER TABLE case_handovers DROP COLUMN partner_id;
ALTER TABLE api_clients DROP COLUMN partner_id;
