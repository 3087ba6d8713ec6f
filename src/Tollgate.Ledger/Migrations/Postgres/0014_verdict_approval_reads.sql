-- What a gate read of approvals, kept with its verdict: approvals_read is true when a finding asked for a review (the
-- gate read the digest's approvals), false when none did (it read none, so `tollgate verdicts ID` lists none);
-- approver_path is the path approvers' `path:` globs were matched against, as the gate worked it out from its working
-- directory, so `approve --digest` matches the same path wherever it runs. Verdicts recorded before this step keep
-- NULL in both: read as before (approvals listed by time, the path worked out again from the subject). Nullable
-- columns without a default: no table rewrite. IF NOT EXISTS: a step run again after its row was lost changes nothing.
ALTER TABLE verdicts ADD COLUMN IF NOT EXISTS approvals_read boolean;
ALTER TABLE verdicts ADD COLUMN IF NOT EXISTS approver_path text;
