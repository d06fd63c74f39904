-- Open runs are the unfinished ones. With the index predicate on finished_at instead of status,
-- claiming a run (status, claimed_at) and recording its progress change no indexed column, so they
-- are HOT updates: a new row version on the same page and no new index entries. Pages keep a fifth
-- free for those versions.
DROP INDEX flow_run_open;
CREATE INDEX flow_run_open ON flow_run (created_at) WHERE finished_at IS NULL;
ALTER TABLE flow_run SET (fillfactor = 80);
