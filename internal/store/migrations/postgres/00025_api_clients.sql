-- +goose Up
-- API clients: other organisations' systems that call the API with a
-- bearer token. A token is stored only as its SHA-256 hash; a client has
-- more than one valid token while it rotates. Clients are revoked, never
-- deleted: the audit log names them.
CREATE TABLE api_clients (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    rate_limit INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE TABLE api_client_tokens (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id  BIGINT NOT NULL REFERENCES api_clients (id),
    prefix     TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX api_client_tokens_client ON api_client_tokens (client_id);

-- +goose Down
DROP TABLE api_client_tokens;
DROP TABLE api_clients;
