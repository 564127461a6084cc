-- +goose Up
-- Staff accounts, teams, sessions and the audit log (NEN 7513).

CREATE TABLE teams (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- Accounts are disabled, never deleted: the audit log names them.
-- username_key is the lower-cased user name, so that sign-in and the
-- uniqueness check ignore case. roles is a comma list of role codes.
-- Sign-in throttling lives in memory (auth.Limiter), not here.
CREATE TABLE users (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       TEXT NOT NULL,
    username_key   TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    password_hash  TEXT NOT NULL DEFAULT '',
    totp_secret    TEXT NOT NULL DEFAULT '',
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    roles          TEXT NOT NULL DEFAULT '',
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE user_teams (
    user_id BIGINT NOT NULL REFERENCES users (id),
    team_id BIGINT NOT NULL REFERENCES teams (id),
    PRIMARY KEY (user_id, team_id)
);
CREATE INDEX user_teams_team ON user_teams (team_id);

-- key_hash is auth.SessionKey(token): the table never holds a live token.
CREATE TABLE sessions (
    key_hash     TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    methods      TEXT NOT NULL DEFAULT '',
    csrf_token   TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    revoked      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

-- The audit log: one row per audit.Entry, hash-chained (see internal/audit).
-- person_ids is the sorted comma list the hash covers; audit_persons
-- indexes it for the data subject's "who looked at my file" view.
CREATE TABLE audit_log (
    seq          BIGINT PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    actor_id     TEXT NOT NULL,
    actor_name   TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL DEFAULT '',
    on_behalf_of TEXT NOT NULL DEFAULT '',
    origin       TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL DEFAULT '',
    object_id    TEXT NOT NULL DEFAULT '',
    person_ids   TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);

CREATE TABLE audit_persons (
    person_id BIGINT NOT NULL,
    seq       BIGINT NOT NULL REFERENCES audit_log (seq),
    PRIMARY KEY (person_id, seq)
);
CREATE INDEX audit_persons_seq ON audit_persons (seq);

-- The anchor kept beside the log, moved in the same transaction as every
-- append (its row lock also serialises appends). It catches the deletion
-- of entries at the end of the log, which leaves a valid chain.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, 'a6347770598cf83cfcf23b4e0d55e2683850cb1ca8bddff4a372a2472a0695a3');

-- Append-only, enforced by the database and not only by the code above it.
-- The table owner could drop these triggers; the hash chain and an anchor
-- kept outside the database catch what happens after that.
-- +goose StatementBegin
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_persons_append_only BEFORE UPDATE OR DELETE ON audit_persons
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_persons_no_truncate BEFORE TRUNCATE ON audit_persons
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- The head only moves forward, and only onto an entry that exists with
-- that hash.
-- +goose StatementBegin
CREATE FUNCTION audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit head cannot be deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.id <> OLD.id OR NEW.seq <= OLD.seq
       OR NEW.hash IS DISTINCT FROM (SELECT hash FROM audit_log WHERE seq = NEW.seq) THEN
        RAISE EXCEPTION 'audit head may only move forward to an existing entry'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_persons;
DROP TABLE audit_log;
DROP FUNCTION audit_head_forward();
DROP FUNCTION audit_append_only();
DROP TABLE sessions;
DROP TABLE user_teams;
DROP TABLE users;
DROP TABLE teams;
