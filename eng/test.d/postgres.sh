# Sourced by eng/test.sh: the ledger tests run against a real PostgreSQL. Debian's postgresql package brings initdb
# and pg_ctl; eng/postgres-cluster.sh starts a throw-away cluster (as the postgres user when root) on a free port,
# TOLLGATE_TEST_POSTGRES carries its connection string to the tests, and the cluster is stopped when test.sh exits.
# A TOLLGATE_TEST_POSTGRES already set (a CI service, a developer's server) is used as it is.
if [ -z "${TOLLGATE_TEST_POSTGRES:-}" ]; then
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_apt initdb postgresql
  pg_test_dir="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-pg.XXXXXX")"
  if TOLLGATE_TEST_POSTGRES="$("$root/eng/postgres-cluster.sh" start "$pg_test_dir")"; then
    export TOLLGATE_TEST_POSTGRES
    at_exit "$root/eng/postgres-cluster.sh" stop "$pg_test_dir"
    log "PostgreSQL for the ledger tests: ${TOLLGATE_TEST_POSTGRES%%;Username=*}"
  else
    log "could not start PostgreSQL: the PostgreSQL ledger tests will fail"
    unset TOLLGATE_TEST_POSTGRES
  fi
fi
