# Start and stop the sync worker on a local workerd (`wrangler dev`, or plain workerd for the
# self-hosted service). Sourced by dev.sh and test.sh.
# Needs scripts/env.sh sourced first (PATH to wrangler, worker-build, wasm-bindgen, wasm-opt).

# start_worker PORT PERSIST_DIR ADMIN_SECRET LOG_FILE
# Builds the worker (wrangler runs worker-build), starts it in the background on 127.0.0.1:PORT
# with its Durable Object state under PERSIST_DIR, and waits until /v1/health answers.
start_worker() {
  local port=$1 persist=$2 secret=$3 log=$4 repo
  # The worker turns its admin API off with a shorter secret (docs/deploy.md): refuse here.
  if ((${#secret} < 32)); then
    echo "worker: the admin secret has ${#secret} characters; it needs at least 32" >&2
    return 1
  fi
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  mkdir -p "$persist" "$(dirname "$log")" "$repo/dist"
  # setsid gives wrangler, workerd and the build their own process group, stopped as one.
  (
    cd "$repo/sync-worker" &&
      exec setsid wrangler dev --ip 127.0.0.1 --port "$port" --persist-to "$persist" \
        --var "ADMIN_SECRET:$secret" --show-interactive-dev-session=false --log-level warn \
        --inspector-port "$((port + 10000))"
  ) >"$log" 2>&1 < /dev/null &
  WORKER_PID=$!
  export WORKER_PID
  # The first start compiles the worker: allow up to 10 minutes, checking twice a second.
  local deadline=$((SECONDS + 600))
  until curl -fsS "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1; do
    if ! kill -0 "$WORKER_PID" 2>/dev/null; then
      echo "worker: wrangler dev exited; its log ($log):" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "worker: no answer on 127.0.0.1:$port after 10 minutes; log: $log" >&2
      stop_worker
      return 1
    fi
    sleep 0.5
  done
}

# start_selfhosted PORT RELEASE_DIR DATA_DIR ADMIN_SECRET LOG_FILE
# Starts the self-hosted service (plain workerd, scripts/serve-selfhosted.sh serve) from a
# release directory in the background on 127.0.0.1:PORT, the secret in its environment, and
# waits until /v1/health answers. stop_worker stops it.
start_selfhosted() {
  local port=$1 release=$2 data=$3 secret=$4 log=$5 repo
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  mkdir -p "$(dirname "$log")"
  TSUNAGU_ADMIN_SECRET=$secret setsid bash "$repo/scripts/serve-selfhosted.sh" serve \
    "$release" "$data" "127.0.0.1:$port" >"$log" 2>&1 </dev/null &
  WORKER_PID=$!
  export WORKER_PID
  local deadline=$((SECONDS + 60))
  until curl -fsS "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1; do
    if ! kill -0 "$WORKER_PID" 2>/dev/null || ((SECONDS > deadline)); then
      echo "selfhosted: no answer on 127.0.0.1:$port; its log ($log):" >&2
      tail -n 40 "$log" >&2
      stop_worker
      return 1
    fi
    sleep 0.5
  done
}

# stop_worker: stops the worker started by start_worker (or start_selfhosted), and workerd with it.
stop_worker() {
  if [[ -n "${WORKER_PID:-}" ]] && kill -0 "$WORKER_PID" 2>/dev/null; then
    kill -TERM -- "-$WORKER_PID" 2>/dev/null || kill -TERM "$WORKER_PID" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while kill -0 "$WORKER_PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL -- "-$WORKER_PID" 2>/dev/null || true
  fi
  unset WORKER_PID
}

# random_secret: 40 random letters and digits.
random_secret() {
  # Every command in the pipe reads to its end, so pipefail never sees a SIGPIPE.
  head -c 512 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9' | cut -c 1-40
}
