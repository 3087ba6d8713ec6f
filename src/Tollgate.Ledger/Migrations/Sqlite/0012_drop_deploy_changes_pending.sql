-- Nothing to drop here: a SQLite bulk load (SqliteDeferredIndexes) drops deploy_changes_by_change for the batch and
-- builds it again at the end, and its merged-change lookups read the partial deploy_changes_pending meanwhile; without
-- it each lookup would scan deploy_changes. PostgreSQL defers no index, so there the partial one is redundant.
SELECT 1;
