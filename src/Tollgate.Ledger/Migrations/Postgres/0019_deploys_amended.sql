-- A deploy marked failed after it finished as a success (`deploy finish --deploy ID --result failed`) ran in its
-- environment: it still ships its changes for lead time, while the change failure rate counts it failed. `deploys`
-- alone cannot tell it from a deploy that failed as it finished (the amendment keeps the deploy's own finish time), so
-- `amended` says it; the delivery writer sets it with the amendment's status. Filled from the amendments already
-- recorded in delivery_events (event id `amended:<deploy key>@<ms>`, type tollgate.deploy.amended, at the deploy's
-- finish time): the key is cut out of the event id (a range of ids is unreliable under a non-C collation), and their
-- days are listed to recompute.
ALTER TABLE deploys ADD COLUMN amended boolean NOT NULL DEFAULT false;

UPDATE deploys d SET amended = true
FROM delivery_events e
WHERE e.type = 'tollgate.deploy.amended' AND d.deploy_key = substring(e.event_id FROM '^amended:(.*)@[0-9]+$')
  AND d.result = 'failed' AND d.finished_at = e.occurred_at;

INSERT INTO dora_dirty (service, environment, day)
SELECT DISTINCT service, environment, floor(extract(epoch FROM finished_at) / 86400)::integer
FROM deploys WHERE amended
ON CONFLICT DO NOTHING;
