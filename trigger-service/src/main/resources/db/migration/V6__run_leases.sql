-- A run's claim is a lease with a fencing token: the executor holding the run renews lease_until while
-- it holds it, and records a step only while claim still holds the number it claimed with, so a
-- replica whose lease ran out (paused, cut off from the database) cannot record over the replica that
-- took the run over. Neither column is indexed: claiming, renewing and recording stay HOT updates.
ALTER TABLE flow_run ADD COLUMN claim BIGINT NOT NULL DEFAULT 0;
ALTER TABLE flow_run ADD COLUMN lease_until BIGINT;
-- runs claimed before this migration keep the two minutes the executor gave a claim then
UPDATE flow_run SET lease_until = claimed_at + 120000, claim = 1 WHERE finished_at IS NULL AND claimed_at IS NOT NULL;
ALTER TABLE flow_run DROP COLUMN claimed_at;
