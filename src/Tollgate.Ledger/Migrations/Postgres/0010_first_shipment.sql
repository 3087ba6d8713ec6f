-- Lead time samples each change once, at the first successful deploy of its service and environment that ships it
-- (a re-deploy of the same change after a rollback adds no second sample): a write looks up the other deploys carrying
-- a change by this index, and every day is recomputed under that rule.
CREATE INDEX deploy_changes_by_change ON deploy_changes (change_id);

INSERT INTO dora_dirty (service, environment, day)
SELECT DISTINCT service, environment, floor(extract(epoch FROM finished_at) / 86400)::integer
FROM deploys WHERE finished_at IS NOT NULL AND result <> 'running'
ON CONFLICT DO NOTHING;
