-- A deploy marked failed after it finished as a success (`deploy finish --deploy ID --result failed`) ran in its
-- environment: it still ships its changes for lead time, while the change failure rate counts it failed. `deploys`
-- alone cannot tell it from a deploy that failed as it finished (the amendment keeps the deploy's own finish time), so
-- `amended` says it; the delivery writer sets it with the amendment's status. Filled from the amendments already
-- recorded in delivery_events (event id `amended:<deploy key>@<ms>`, type tollgate.deploy.amended, at the deploy's
-- finish time), looked up by the event id's primary key, and their days are listed to recompute.
ALTER TABLE deploys ADD COLUMN amended INTEGER NOT NULL DEFAULT 0;

UPDATE deploys SET amended = 1
WHERE result = 'failed' AND finished_at IS NOT NULL AND EXISTS (
    SELECT 1 FROM delivery_events e
    WHERE e.event_id > 'amended:' || deploys.deploy_key || '@' AND e.event_id < 'amended:' || deploys.deploy_key || 'A'
      AND substr(e.event_id, length('amended:' || deploys.deploy_key || '@') + 1) NOT GLOB '*[^0-9]*'
      AND e.type = 'tollgate.deploy.amended' AND e.occurred_at = deploys.finished_at);

INSERT OR IGNORE INTO dora_dirty (service, environment, day)
SELECT service, environment, (finished_at - CASE WHEN finished_at < 0 THEN 86399999 ELSE 0 END) / 86400000
FROM deploys WHERE amended = 1;
