-- DORA at scale: `tollgate dora` reads one row per service, environment and UTC day instead of every deploy, plus the
-- sparse deploys failure and recovery need (hotfixes and rollbacks, failed, remediated, named by incidents).
-- day: days since 1970-01-01 UTC of finished_at. lead_ticks: the day's lead-time samples, int64 little-endian 100 ns
-- ticks, ascending (exact, so medians are exact). Kept by the transaction that records the deploys: it lists the days
-- it touched in dora_dirty and recomputes them from the deploys before it commits.
CREATE TABLE dora_days (
    day         integer NOT NULL,
    service     text    NOT NULL,
    environment text    NOT NULL,
    deploys     integer NOT NULL,
    rework      integer NOT NULL,
    lead_ticks  bytea   NOT NULL,
    PRIMARY KEY (day, service, environment)
);

CREATE TABLE dora_dirty (
    service     text    NOT NULL,
    environment text    NOT NULL,
    day         integer NOT NULL,
    PRIMARY KEY (service, environment, day)
);

CREATE INDEX deploys_by_finish ON deploys (service, environment, finished_at);
CREATE INDEX deploys_rework ON deploys (finished_at) WHERE intent <> 'planned';
CREATE INDEX deploys_failed ON deploys (finished_at) WHERE result = 'failed';
CREATE INDEX deploys_remediating ON deploys (remediates) WHERE remediates IS NOT NULL;
CREATE INDEX deploy_changes_pending ON deploy_changes (change_id) WHERE committed_at IS NULL;
CREATE INDEX incidents_by_cause ON incidents (caused_by);

-- An existing ledger: every day with a finished deploy is recomputed by the next ingest or `tollgate dora`.
INSERT INTO dora_dirty (service, environment, day)
SELECT DISTINCT service, environment, floor(extract(epoch FROM finished_at) / 86400)::integer
FROM deploys WHERE finished_at IS NOT NULL AND result <> 'running';
