-- +goose Up
-- Merge proposals: review items about two registry persons rather than a
-- mention. When a new report shows that two persons the registry holds
-- apart are one (the mention fits both, and the radar would link the one
-- to the other), the radar proposes to merge them: person_id would
-- survive, new_person_id be absorbed, mention_id is the mention that
-- showed it. A reviewer confirms (the merge is done through the merge
-- path, and can be undone) or rejects; a pair is proposed once.
ALTER TABLE review_items ADD COLUMN kind TEXT NOT NULL DEFAULT 'mention' CHECK (kind IN ('mention', 'merge'));
CREATE UNIQUE INDEX review_items_merge_pair ON review_items (person_id, new_person_id) WHERE kind = 'merge';

-- How far the proposer has looked at new mentions: one row.
CREATE TABLE merge_proposer (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    after_mention_id BIGINT NOT NULL
);
INSERT INTO merge_proposer (id, after_mention_id) SELECT 1, COALESCE(MAX(id), 0) FROM mentions;

-- +goose Down
DROP TABLE merge_proposer;
DROP INDEX review_items_merge_pair;
ALTER TABLE review_items DROP COLUMN kind;
