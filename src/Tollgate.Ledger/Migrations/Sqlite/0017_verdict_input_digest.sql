-- The digest of the input a gate read, before the questions under review were bound into its digest: a Terraform
-- plan's own digest (its changes and failing checks). `tollgate approve PLAN` finds that plan's last gate by it with
-- one indexed read, whatever policy, scans or graph findings made the gate's digest. Only plan gates set it; verdicts
-- recorded before this step keep NULL, and approve does not match them. The index is partial: the other kinds' rows
-- (every canary, deploy and model verdict) are not in it.
ALTER TABLE verdicts ADD COLUMN input_digest TEXT;
CREATE INDEX verdicts_by_input ON verdicts (input_digest, id) WHERE input_digest IS NOT NULL;
