# Sourced by eng/test.sh: the retention tests run against a real OCI registry (Debian's docker-registry, deletes
# enabled, on a loopback port) and push images to it with skopeo. TOLLGATE_TEST_REGISTRY carries its URL; the
# registry is stopped when test.sh exits. A TOLLGATE_TEST_REGISTRY already set (with deletes enabled) is used as it is.
# The login tests start their own (htpasswd, token auth) through eng/registry.sh, so docker-registry is needed either way.
need_apt skopeo skopeo
need_apt curl curl
need_apt docker-registry docker-registry
if [ -z "${TOLLGATE_TEST_REGISTRY:-}" ]; then
  registry_test_dir="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-registry.XXXXXX")"
  if TOLLGATE_TEST_REGISTRY="$("$root/eng/registry.sh" start "$registry_test_dir")"; then
    export TOLLGATE_TEST_REGISTRY
    at_exit "$root/eng/registry.sh" stop "$registry_test_dir"
    log "OCI registry for the retention tests: $TOLLGATE_TEST_REGISTRY"
  else
    log "could not start docker-registry: the retention tests will fail"
    unset TOLLGATE_TEST_REGISTRY
  fi
fi
