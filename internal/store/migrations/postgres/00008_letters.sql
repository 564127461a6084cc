-- +goose Up
-- Letters a case produced (afsluitbrief, terugkoppeling aan de melder), as
-- they were sent: the HTML shown on screen and the PDF. A letter is a
-- record of what went out, so it is never rewritten; a correction is a
-- new letter. created_by is the account that generated it.
CREATE TABLE letters (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    kind       TEXT NOT NULL CHECK (kind IN ('closing', 'feedback')),
    recipient  TEXT NOT NULL,
    html       TEXT NOT NULL,
    pdf        BYTEA NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX letters_case ON letters (case_id, created_at);
-- +goose StatementBegin
CREATE FUNCTION letters_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a letter is never rewritten' USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER letters_no_update BEFORE UPDATE ON letters
    FOR EACH ROW EXECUTE FUNCTION letters_no_update();

-- +goose Down
DROP TABLE letters;
DROP FUNCTION letters_no_update();
