-- 0010's deploy_changes_by_change (change_id) serves the merged-change lookup (change_id = $1 AND committed_at IS
-- NULL) that 0006's partial deploy_changes_pending was made for: one index fewer to write for each deploy's changes.
DROP INDEX IF EXISTS deploy_changes_pending;
