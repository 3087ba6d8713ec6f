#!/usr/bin/env bash
# A throw-away OCI registry for the retention tests (Debian's docker-registry, the CNCF Distribution registry).
#   eng/registry.sh start DIR [AUTH]  write a config with deletes enabled (and the YAML in file AUTH as its auth:
#                                      section, htpasswd or token), start on a loopback port the kernel picks, print its URL
#   eng/registry.sh stop DIR           stop it and remove DIR
set -euo pipefail
cmd="${1:?start|stop}"; dir="${2:?directory}"; auth="${3:-}"
bin="$(command -v docker-registry || echo /usr/bin/docker-registry)"

case "$cmd" in
  stop)
    [ -f "$dir/pid" ] && kill "$(cat "$dir/pid")" 2>/dev/null || true
    rm -rf "$dir"
    ;;
  start)
    [ -x "$bin" ] || { echo "registry: docker-registry is not installed (apt-get install docker-registry)" >&2; exit 1; }
    mkdir -p "$dir/storage"
    # Port 0: the kernel picks a free port and the registry logs it ("listening on 127.0.0.1:PORT"). A port picked here
    # could already be another server's, which would then answer the readiness probe in the failed registry's place.
    cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:0
YAML
    if [ -n "$auth" ]; then { echo "auth:"; sed 's/^/  /' "$auth"; } >>"$dir/config.yml"; fi
    setsid "$bin" serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    # Up to 120 s. The log may not exist yet in the first rounds: sed's failure must not end the script (set -e with
    # pipefail did, leaving the registry running and the retention tests without one).
    deadline=$((SECONDS + 120))
    while [ "$SECONDS" -lt "$deadline" ]; do
      port="$(sed -n 's/.*msg="listening on 127\.0\.0\.1:\([0-9]*\)".*/\1/p' "$dir/registry.log" 2>/dev/null | head -1 || true)"
      if [ -n "$port" ] && curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" 2>/dev/null | grep -Eq '^(200|401)$'; then
        echo "http://127.0.0.1:$port"; exit 0
      fi
      kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
      sleep 0.1
    done
    kill "$(cat "$dir/pid")" 2>/dev/null || true
    cat "$dir/registry.log" >&2 || true
    echo "registry: could not start docker-registry" >&2; exit 1
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
