#!/usr/bin/env bash
# The load test, on request (never in CI): every municipality of Hokkaido (179), the prefecture's
# staff and a viewer (181 clients) sync at once against a worker started the way users start
# it, with lost answers retried and acknowledged pushes replayed (cli/src/load.rs). Prints
# throughput, push latency percentiles, 5xx and unreachable counts, and the memory of every
# process of the worker over time; fails unless every acknowledged write is stored exactly once
# and every client holds the server's state. Figures: docs/benchmarks.md.
#
#   bash scripts/bench-load.sh [selfhosted|wrangler] [SECONDS] [PREFECTURE]
#
# selfhosted (the default): plain workerd with the shipped configuration, as a prefecture runs
# it (a release built here, or TSUNAGU_SELFHOSTED_RELEASE); wrangler: `wrangler dev`, the
# development server, to compare. TSUNAGU_LOAD_PORT sets the port (default 8871).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode=${1:-selfhosted}
seconds=${2:-60}
prefecture=${3:-1}
port=${TSUNAGU_LOAD_PORT:-8871}
bash scripts/setup.sh >/dev/null
source scripts/env.sh
source scripts/lib/worker.sh
dir=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-load.XXXXXX")
trap 'stop_worker; rm -rf "$dir"' EXIT INT TERM
if curl -fsS "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1; then
  echo "bench-load: something already answers on 127.0.0.1:$port; set TSUNAGU_LOAD_PORT" >&2
  exit 1
fi
cargo build --quiet --release -p tsunagu-cli
secret=$(random_secret)
case "$mode" in
  selfhosted)
    release=${TSUNAGU_SELFHOSTED_RELEASE:-$dir/release}
    [[ -f "$release/tsunagu.capnp" ]] || bash scripts/serve-selfhosted.sh build "$release" >/dev/null
    start_selfhosted "$port" "$release" "$dir/data" "$secret" "$dir/worker.log"
    ;;
  wrangler)
    trunk build --release >/dev/null 2>&1
    start_worker "$port" "$dir/state" "$secret" "$dir/worker.log"
    ;;
  *)
    echo "bench-load: mode is selfhosted or wrangler, not $mode" >&2
    exit 1
    ;;
esac
echo "bench-load: $mode worker on 127.0.0.1:$port (process group $WORKER_PID)"
TSUNAGU_ADMIN_SECRET=$secret "$CARGO_TARGET_DIR/release/tsunagu" \
  --url "http://127.0.0.1:$port" --admin-tokens "$dir/admin-tokens.json" \
  bench-load --prefecture "$prefecture" --seconds "$seconds" --watch-pid "$WORKER_PID"
