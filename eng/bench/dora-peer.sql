-- The peer of `tollgate dora --format json` in eng/bench-dora.sh: the same five metrics per service as one SQL query
-- (percentile_cont medians, grouped by service) over the same rows, loaded with COPY. Recommended definitions:
-- failed = an incident is linked (CAUSED_BY), recovery = failed deploy finished -> first later hotfix/rollback deploy
-- of the service finished after the incident was detected, lead time = deploy finished - commit time (rollbacks none).
WITH d AS (
    SELECT * FROM deploys WHERE environment = 'production' AND finished_at >= '2025-01-01' AND finished_at < '2026-01-01'
), agg AS (
    SELECT service, count(*) AS n, count(*) FILTER (WHERE intent <> 'planned') AS rework, count(DISTINCT finished_at::date) AS days
    FROM d GROUP BY service
), lead AS (
    SELECT d.service,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.finished_at - c.committed_at) / 3600) AS median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM d.finished_at - c.committed_at) / 3600) AS p90
    FROM d JOIN deploy_changes c ON c.deploy_key = d.deploy_key
    WHERE d.intent <> 'rollback' AND d.finished_at > c.committed_at
    GROUP BY d.service
), recovered AS (
    SELECT d.service, d.deploy_key, extract(epoch FROM min(r.finished_at) - d.finished_at) / 60 AS minutes
    FROM d JOIN incidents i ON i.caused_by = d.deploy_key
    LEFT JOIN LATERAL (
        SELECT x.finished_at FROM deploys x
        WHERE x.service = i.service AND x.environment = 'production' AND x.intent <> 'planned' AND x.finished_at > i.detected_at
        ORDER BY x.finished_at LIMIT 1) r ON true
    GROUP BY d.service, d.deploy_key, d.finished_at
), failed AS (
    SELECT service, count(*) AS failed, percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS recovery
    FROM recovered GROUP BY service
)
SELECT agg.service, agg.n AS deployments, agg.n / 365.0 AS per_day, lead.median, lead.p90,
       coalesce(failed.failed, 0)::float / agg.n AS change_failure_rate, failed.recovery, agg.rework::float / agg.n AS rework_rate
FROM agg LEFT JOIN lead USING (service) LEFT JOIN failed USING (service)
ORDER BY agg.service;
