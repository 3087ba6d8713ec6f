-- The `deploy run` process deploying a deploy (pid, process start, deadline, host: DeployLease), in its own column; it
-- was packed into deploys.source as 'deploy-run;pid=…;process-start=…;until=…;host=…', a column that otherwise says
-- where the deploy came from. Such a row keeps its lease here, without the prefix, and its source becomes 'cli' again
-- (what `deploy run` recorded before it kept a lease). NULL for every other deploy: recorded by `deploy start` or an
-- event, it has no process to look at. Nullable without a default: no table rewrite. IF NOT EXISTS: a step run again
-- after its row was lost changes nothing (the update then finds no packed source left).
ALTER TABLE deploys ADD COLUMN IF NOT EXISTS lease text;
UPDATE deploys SET lease = substr(source, 12), source = 'cli' WHERE substr(source, 1, 11) = 'deploy-run;';
