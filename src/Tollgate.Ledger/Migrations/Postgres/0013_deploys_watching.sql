-- DORA leaves a deploy whose watch never gave a verdict (watch 'watching': it runs, or `deploy run`/`deploy watch` was
-- stopped) out of the change failure rate, so `tollgate dora` reads the window's unwatched deploys with the sparse
-- set, by this index. Nothing to fill: the count is read from deploys.watch (0008) at query time, never kept in
-- dora_days, so a watch resumed later (its verdict recorded on the deploy) counts by that verdict at once, and an
-- existing ledger's interrupted watches are counted as they are. IF NOT EXISTS: a step run again after its row was lost changes nothing.
CREATE INDEX IF NOT EXISTS deploys_watching ON deploys (finished_at) WHERE watch = 'watching';
