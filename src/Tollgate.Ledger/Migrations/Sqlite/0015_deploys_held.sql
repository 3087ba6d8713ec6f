-- DORA leaves a deploy whose watch held (watch 'held': its deadline passed without a decision, so it verified nothing)
-- out of the change failure rate, as it does an unwatched one (0013), and counts it failed when the next deploy of its
-- service and environment rolled it back; `tollgate dora` reads the window's held deploys with the sparse set, by this
-- index. Nothing to fill: read from deploys.watch (0008) at query time. IF NOT EXISTS: a step run again changes nothing.
CREATE INDEX IF NOT EXISTS deploys_held ON deploys (finished_at) WHERE watch = 'held';
