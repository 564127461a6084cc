-- +goose Up
-- The radar's explanations and its review queue.

-- Why a mention is linked to its registry person. link_method is NULL when
-- the mention made a new registry person or the caller chose the person;
-- link_score (log2 posterior odds) and link_evidence (JSON, per field) are
-- NULL when the method has no score. linked_by is 'system' for automatic
-- links and the reviewer for 'reviewer'.
ALTER TABLE mentions ADD COLUMN link_method TEXT
    CHECK (link_method IN ('bsn', 'probabilistic', 'exact', 'reviewer'));
ALTER TABLE mentions ADD COLUMN link_score DOUBLE PRECISION;
ALTER TABLE mentions ADD COLUMN link_evidence TEXT;
ALTER TABLE mentions ADD COLUMN linked_by TEXT NOT NULL DEFAULT '';

-- A candidate the radar could not decide on: the mention was linked to a
-- new registry person (new_person_id) and a reviewer decides whether it is
-- person_id instead. Accepting relinks the mention; rejecting keeps it.
CREATE TABLE review_items (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mention_id    BIGINT NOT NULL REFERENCES mentions (id),
    person_id     BIGINT NOT NULL REFERENCES persons (id),
    new_person_id BIGINT NOT NULL REFERENCES persons (id),
    score         DOUBLE PRECISION NOT NULL,
    evidence      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
    created_at    TIMESTAMPTZ NOT NULL,
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    TIMESTAMPTZ,
    reason        TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX review_items_open ON review_items (id) WHERE status = 'open';
CREATE INDEX review_items_mention ON review_items (mention_id);

-- +goose Down
DROP TABLE review_items;
ALTER TABLE mentions DROP COLUMN linked_by;
ALTER TABLE mentions DROP COLUMN link_evidence;
ALTER TABLE mentions DROP COLUMN link_score;
ALTER TABLE mentions DROP COLUMN link_method;
