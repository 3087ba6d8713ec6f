# Sourced by eng/test.sh: the canary tests run a real Prometheus and backfill it with promtool (Debian's prometheus package).
# SciPy is only needed to regenerate the statistics vectors (eng/scipy/make_vectors.py), not to run the tests.
need_apt prometheus prometheus
need_apt promtool prometheus
