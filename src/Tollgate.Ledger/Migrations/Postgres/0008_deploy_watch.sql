-- What Tollgate's watch window made of a deploy: watching, held, passed or failed (DeployWatch). Null for a deploy no
-- watch began on, and for every deploy recorded before this step: a success nobody watched counts as verified, so a
-- rollback may return to it, as it did before.
ALTER TABLE deploys ADD COLUMN watch text;
