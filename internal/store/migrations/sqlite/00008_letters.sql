-- +goose Up
-- Letters a case produced (afsluitbrief, terugkoppeling aan de melder), as
-- they were sent: the HTML shown on screen and the PDF. A letter is a
-- record of what went out, so it is never rewritten; a correction is a
-- new letter. created_by is the account that generated it.
CREATE TABLE letters (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    kind       TEXT NOT NULL CHECK (kind IN ('closing', 'feedback')),
    recipient  TEXT NOT NULL,
    html       TEXT NOT NULL,
    pdf        BLOB NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX letters_case ON letters (case_id, created_at);
-- +goose StatementBegin
CREATE TRIGGER letters_no_update BEFORE UPDATE ON letters
BEGIN
    SELECT RAISE(ABORT, 'a letter is never rewritten');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE letters;
