#!/usr/bin/env bash
# A throw-away OCI registry for the retention tests (Debian's docker-registry, the CNCF Distribution registry).
#   eng/registry.sh start DIR [AUTH]  write a config with deletes enabled (and the YAML in file AUTH as its auth:
#                                      section, htpasswd or token), start on a free loopback port, print its URL
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
    for _ in 1 2 3 4 5 6 7 8; do
      port=$((20000 + RANDOM % 40000))
      cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
      if [ -n "$auth" ]; then { echo "auth:"; sed 's/^/  /' "$auth"; } >>"$dir/config.yml"; fi
      setsid "$bin" serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
      echo $! >"$dir/pid"
      for _ in $(seq 1 50); do
        if curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" 2>/dev/null | grep -Eq '^(200|401)$'; then echo "http://127.0.0.1:$port"; exit 0; fi
        kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
        sleep 0.1
      done
      kill "$(cat "$dir/pid")" 2>/dev/null || true
    done
    cat "$dir/registry.log" >&2 || true
    echo "registry: could not start docker-registry" >&2; exit 1
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
