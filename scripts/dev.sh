#!/usr/bin/env bash
# Runs Tsunagu locally: installs what is missing, builds the app, starts the sync worker on a
# local workerd (state kept in .state/), loads the demo prefecture and prints its tokens.
#   bash scripts/dev.sh            (TSUNAGU_PORT=8787 by default; Ctrl-C stops it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
source scripts/env.sh
source scripts/lib/worker.sh

port=${TSUNAGU_PORT:-8787}
state_dir=$TSUNAGU_ROOT/.state
mkdir -p "$state_dir"
# One admin secret per checkout, kept beside the worker's state (never committed); one made
# before secrets had to be 32 characters long is replaced.
if [[ ! -s "$state_dir/admin-secret" ]] || (($(wc -c <"$state_dir/admin-secret") < 32)); then
  (umask 077 && random_secret >"$state_dir/admin-secret")
  chmod 600 "$state_dir/admin-secret"
fi
admin_secret=$(cat "$state_dir/admin-secret")

if curl -fsS "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1; then
  echo "dev: something already answers on 127.0.0.1:$port; stop it or set TSUNAGU_PORT" >&2
  exit 1
fi

echo "dev: building the app (trunk build --release)"
trunk build --release
echo "dev: building the operator tool"
cargo build --release --quiet -p tsunagu-cli

echo "dev: starting the sync worker on http://127.0.0.1:$port (first start compiles it)"
trap stop_worker EXIT INT TERM
start_worker "$port" "$state_dir/wrangler" "$admin_secret" "$state_dir/worker.log"

# The secret creates Iwate's first administrator once; its token is kept (mode 600) in
# admin-tokens.json and issues every other token, this run and the next.
"$CARGO_TARGET_DIR/release/tsunagu" --url "http://127.0.0.1:$port" --admin-secret "$admin_secret" \
  --admin-tokens "$state_dir/admin-tokens.json" \
  seed-demo --csv data/local-governments.csv --state "$state_dir/demo-tokens.json"

cat <<MSG

Tsunagu is running: open http://127.0.0.1:$port
  worker log:    $state_dir/worker.log
  admin secret:  $state_dir/admin-secret (creates a prefecture's first administrator only)
  admin tokens:  $state_dir/admin-tokens.json (each prefecture's administrator, see docs/protocol.md)
Press Ctrl-C to stop.
MSG
wait "$WORKER_PID"
