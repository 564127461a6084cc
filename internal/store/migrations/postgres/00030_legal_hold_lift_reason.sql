-- +goose Up
-- Why a legal hold was lifted (the court case ended, the complaint was
-- decided): kept with the hold, as the reason it was placed is.
ALTER TABLE legal_holds ADD COLUMN lifted_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE legal_holds DROP COLUMN lifted_reason;
