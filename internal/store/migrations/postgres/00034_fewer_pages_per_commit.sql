-- +goose Up
-- The merge proposer asks, for every pair it proposes and inside its
-- write transaction, whether an open review item of a mention made one of
-- the two persons (store.openMentionItemsOfPersons). Without an index that
-- scanned every open review item: on a registry of 1,000,000 persons with
-- 63,000 open items the proposer held the single writer for seconds at a
-- time and intake stalled (docs/benchmarks.md). Only open items of
-- mentions are keys.
CREATE INDEX review_items_open_new_person ON review_items (new_person_id) WHERE kind = 'mention' AND status = 'open';

-- +goose Down
DROP INDEX review_items_open_new_person;
