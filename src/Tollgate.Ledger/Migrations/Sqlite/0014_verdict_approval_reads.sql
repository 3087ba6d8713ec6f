-- What a gate read of approvals, kept with its verdict: approvals_read is 1 when a finding asked for a review (the
-- gate read the digest's approvals), 0 when none did (it read none, so `tollgate verdicts ID` lists none);
-- approver_path is the path approvers' `path:` globs were matched against, as the gate worked it out from its working
-- directory, so `approve --digest` matches the same path wherever it runs. Verdicts recorded before this step keep
-- NULL in both: read as before (approvals listed by time, the path worked out again from the subject).
ALTER TABLE verdicts ADD COLUMN approvals_read INTEGER;
ALTER TABLE verdicts ADD COLUMN approver_path TEXT;
