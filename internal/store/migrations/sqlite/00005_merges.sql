-- +goose Up
-- Merging two registry persons and undoing it. A merge moves everything
-- that pointed at the absorbed person (its mentions, review items) to the
-- surviving person; merge_moves records each row it changed, as it was
-- and as the merge left it, so that undoing the merge restores exactly
-- what was before. Nothing is deleted: an undone merge keeps its row with
-- who undid it and why.
CREATE TABLE merges (
    id              INTEGER PRIMARY KEY,
    survivor_id     INTEGER NOT NULL REFERENCES persons (id),
    absorbed_id     INTEGER NOT NULL REFERENCES persons (id),
    reason          TEXT NOT NULL,
    merged_by       TEXT NOT NULL,
    merged_at       TIMESTAMP NOT NULL,
    -- The identity of both persons before and after the merge (JSON).
    survivor_before TEXT NOT NULL,
    survivor_after  TEXT NOT NULL,
    absorbed_before TEXT NOT NULL,
    absorbed_after  TEXT NOT NULL,
    unmerged_by     TEXT NOT NULL DEFAULT '',
    unmerged_at     TIMESTAMP,
    unmerge_reason  TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (survivor_id <> absorbed_id)
);
-- At most one merge in force per absorbed person.
CREATE UNIQUE INDEX merges_absorbed_active ON merges (absorbed_id) WHERE unmerged_at IS NULL;
CREATE INDEX merges_survivor ON merges (survivor_id);

CREATE TABLE merge_moves (
    merge_id   INTEGER NOT NULL REFERENCES merges (id),
    position   INTEGER NOT NULL,
    -- The table of the row that moved: 'mentions' or 'review_items'.
    table_name TEXT NOT NULL CHECK (table_name IN ('mentions', 'review_items')),
    row_id     INTEGER NOT NULL,
    -- The columns the merge changed, as they were and as it left them (JSON).
    before     TEXT NOT NULL,
    after      TEXT NOT NULL,
    PRIMARY KEY (merge_id, position)
);
CREATE INDEX merge_moves_row ON merge_moves (table_name, row_id);

-- +goose Down
DROP TABLE merge_moves;
DROP TABLE merges;
