# Sourced by eng/test.sh: publishes the release once (Native AOT binary and tool packages, eng/publish.sh) for
# test/Tollgate.Release.Tests, which runs every command's --help and real verdicts on the native binary and installs
# the tool package, so an AOT-unsafe change fails here and not for users.
release_dir="$root/artifacts/release"
log "publishing the Native AOT release (eng/publish.sh)"
release_start=$SECONDS
if TOLLGATE_SKIP_FALLBACK=1 bash "$root/eng/publish.sh" "$release_dir" >/dev/null; then
  log "published in $((SECONDS - release_start)) s"
else
  log "eng/publish.sh failed: the release tests will fail"
fi
export TOLLGATE_RELEASE_DIR="$release_dir"
