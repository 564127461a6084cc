-- +goose Up
-- API clients: other organisations' systems that call the API with a
-- bearer token. A token is stored only as its SHA-256 hash; a client has
-- more than one valid token while it rotates. Clients are revoked, never
-- deleted: the audit log names them.
CREATE TABLE api_clients (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    rate_limit INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE TABLE api_client_tokens (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES api_clients (id),
    prefix     TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX api_client_tokens_client ON api_client_tokens (client_id);

-- +goose Down
DROP TABLE api_client_tokens;
DROP TABLE api_clients;
