-- DORA at scale: `tollgate dora` reads one row per service, environment and UTC day instead of every deploy, plus the
-- sparse deploys failure and recovery need (hotfixes and rollbacks, failed, remediated, named by incidents).
-- day: days since 1970-01-01 UTC of finished_at. lead_ticks: the day's lead-time samples, int64 little-endian 100 ns
-- ticks, ascending (exact, so medians are exact). Kept by the transaction that records the deploys: it lists the days
-- it touched in dora_dirty and recomputes them from the deploys before it commits.
CREATE TABLE dora_days (
    day         INTEGER NOT NULL,
    service     TEXT    NOT NULL,
    environment TEXT    NOT NULL,
    deploys     INTEGER NOT NULL,
    rework      INTEGER NOT NULL,
    lead_ticks  BLOB    NOT NULL,
    PRIMARY KEY (day, service, environment)
) WITHOUT ROWID;

CREATE TABLE dora_dirty (
    service     TEXT    NOT NULL,
    environment TEXT    NOT NULL,
    day         INTEGER NOT NULL,
    PRIMARY KEY (service, environment, day)
) WITHOUT ROWID;

-- Ingest speed: event ids and deploy changes live in their primary-key b-tree alone (WITHOUT ROWID), and the index
-- by start time shrinks to the running deploys `deploy finish` looks for; reads by service go by finish time.
CREATE TABLE delivery_events_0006 (
    event_id    TEXT    PRIMARY KEY,
    type        TEXT    NOT NULL,
    occurred_at INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO delivery_events_0006 (event_id, type, occurred_at) SELECT event_id, type, occurred_at FROM delivery_events;
DROP TABLE delivery_events;
ALTER TABLE delivery_events_0006 RENAME TO delivery_events;

CREATE TABLE deploy_changes_0006 (
    deploy_id    INTEGER NOT NULL REFERENCES deploys (id),
    change_id    TEXT    NOT NULL,
    committed_at INTEGER,
    PRIMARY KEY (deploy_id, change_id)
) WITHOUT ROWID;
INSERT INTO deploy_changes_0006 (deploy_id, change_id, committed_at) SELECT deploy_id, change_id, committed_at FROM deploy_changes;
DROP TABLE deploy_changes;
ALTER TABLE deploy_changes_0006 RENAME TO deploy_changes;

DROP INDEX deploys_by_target;
CREATE INDEX deploys_running ON deploys (service, environment, started_at) WHERE result = 'running';
CREATE INDEX deploys_by_finish ON deploys (service, environment, finished_at);
CREATE INDEX deploys_rework ON deploys (finished_at) WHERE intent <> 'planned';
CREATE INDEX deploys_failed ON deploys (finished_at) WHERE result = 'failed';
CREATE INDEX deploys_remediating ON deploys (remediates) WHERE remediates IS NOT NULL;
CREATE INDEX deploy_changes_pending ON deploy_changes (change_id) WHERE committed_at IS NULL;
CREATE INDEX incidents_by_cause ON incidents (caused_by);

-- An existing ledger: every day with a finished deploy is recomputed by the next ingest or `tollgate dora`.
INSERT OR IGNORE INTO dora_dirty (service, environment, day)
SELECT service, environment, (finished_at - CASE WHEN finished_at < 0 THEN 86399999 ELSE 0 END) / 86400000
FROM deploys WHERE finished_at IS NOT NULL AND result <> 'running';
