#!/usr/bin/env bash
# Serves the canary tests' traffic (known answers) from a real Prometheus so `tollgate canary` can be tried by hand:
#   eng/canary-demo.sh [PORT]      (default 9090; prints the commands to run; stop it with: kill $(cat DIR/prometheus.pid))
set -euo pipefail
missing=()
for tool in prometheus promtool curl dotnet; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]} > 0)); then
  echo "canary-demo: ${missing[*]} not found on PATH; the demo serves its traffic from a real Prometheus." >&2
  echo "  install Prometheus and promtool with: sudo apt-get install prometheus   (Debian/Ubuntu; or https://prometheus.io/download/)" >&2
  exit 1
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${1:-9090}"
dir="${TOLLGATE_CANARY_DEMO_DIR:-$root/artifacts/canary-demo}"
rm -rf "$dir" && mkdir -p "$dir"
TOLLGATE_CANARY_DEMO_DIR="$dir" dotnet test "$root/test/Tollgate.Canary.Tests" -c Release -nologo -v q \
  --filter "FullyQualifiedName~Canary_HealthyCanary_Promotes" >/dev/null
promtool tsdb create-blocks-from openmetrics "$dir/traffic.om" "$dir/data" >/dev/null
printf 'global:\n  scrape_interval: 15s\n' > "$dir/prometheus.yml"
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=100y \
  --web.listen-address="127.0.0.1:$port" --log.level=warn >"$dir/prometheus.log" 2>&1 &
echo $! > "$dir/prometheus.pid"
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1 && break; sleep 0.2; done
echo "Prometheus on http://127.0.0.1:$port (pid $(cat "$dir/prometheus.pid")), traffic from 2026-11-01T10:00Z to 10:40Z"
echo "try: dotnet run --project src/Tollgate.Cli -- canary --spec examples/canary/checkout.yaml --prometheus http://127.0.0.1:$port --at 2026-11-01T10:30:00Z"
