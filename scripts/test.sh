#!/usr/bin/env bash
# Runs every test: installs what is missing, checks formatting and lints, runs the native unit
# and property tests, starts the real sync worker on a local workerd (127.0.0.1 only) for the
# integration tests, and runs the browser tests in headless Chromium.
#   bash scripts/test.sh           (TSUNAGU_TEST_PORT=8799 by default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
source scripts/env.sh
source scripts/lib/worker.sh

port=${TSUNAGU_TEST_PORT:-8799}
run_dir=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-test.XXXXXX")
results=$run_dir/results.log
: >"$results"
trap 'stop_worker; rm -rf "$run_dir"' EXIT INT TERM

step() { echo; echo "== $*"; }

# Runs a test command, keeping cargo's "test result" lines for the summary.
run_tests() {
  "$@" 2>&1 | tee -a "$results"
  return "${PIPESTATUS[0]}"
}

step "format (cargo fmt --check)"
cargo fmt --all -- --check

step "lint (clippy, native and wasm32)"
cargo clippy --quiet -p tsunagu-core -p tsunagu-tools -p tsunagu-cli -p tsunagu-tests --all-targets -- -D warnings
cargo clippy --quiet -p tsunagu-app -p tsunagu-tools -p tsunagu-sync-worker --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo clippy --quiet -p tsunagu-size-floor --all-features --target wasm32-unknown-unknown -- -D warnings

step "core, the tools module, cli and the worker's native units: unit and property tests"
run_tests cargo test -p tsunagu-core -p tsunagu-tools -p tsunagu-cli -p tsunagu-sync-worker

step "app: build (trunk build --release)"
trunk build --release

step "self-hosted: a release for plain workerd (scripts/serve-selfhosted.sh build)"
release=$run_dir/release
bash scripts/serve-selfhosted.sh build "$release"

step "sync worker: start on 127.0.0.1:$port"
if curl -fsS "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1; then
  echo "test: something already answers on 127.0.0.1:$port; set TSUNAGU_TEST_PORT" >&2
  exit 1
fi
admin_secret=$(random_secret)
start_worker "$port" "$run_dir/state" "$admin_secret" "$run_dir/worker.log"

step "sync worker: integration tests against the real worker"
# The tests keep each prefecture's first administrator (made once with the secret) in
# TSUNAGU_TEST_STATE_DIR, beside the worker's state; two tests start workers of their own.
TSUNAGU_TEST_URL="http://127.0.0.1:$port" TSUNAGU_TEST_ADMIN_SECRET="$admin_secret" \
  TSUNAGU_TEST_STATE_DIR="$run_dir" TSUNAGU_SELFHOSTED_RELEASE="$release" \
  run_tests timeout --kill-after=30s 25m cargo test -p tsunagu-tests

step "sync worker: stop the integration-test worker"
stop_worker

step "self-hosted: sync, snapshot, token and error tests against plain workerd"
# The shipped configuration (sync-worker/selfhosted/) under `workerd serve`, not wrangler dev.
start_selfhosted "$port" "$release" "$run_dir/selfhosted-data" "$admin_secret" "$run_dir/selfhosted.log"
mkdir -p "$run_dir/selfhosted-state"
TSUNAGU_TEST_URL="http://127.0.0.1:$port" TSUNAGU_TEST_ADMIN_SECRET="$admin_secret" \
  TSUNAGU_TEST_STATE_DIR="$run_dir/selfhosted-state" \
  run_tests timeout --kill-after=30s 10m cargo test -p tsunagu-tests --test worker_sync \
  --test worker_snapshot --test worker_tokens --test worker_errors --test worker_access \
  --test worker_unread_bodies --test worker_hostile
stop_worker

step "app: browser tests (wasm-bindgen-test in headless Chromium)"
run_tests cargo test -p tsunagu-app --target wasm32-unknown-unknown

step "app: IndexedDB storage tests in headless Firefox ESR"
GECKODRIVER="$(command -v geckodriver)" run_tests env -u CHROMEDRIVER \
  cargo test -p tsunagu-app --target wasm32-unknown-unknown --test storage

step "end to end: the app in headless Chromium against the real worker (node --test)"
# The end-to-end tests start workers of their own.
# The accessibility test loads the demo prefecture with the operator tool.
cargo build --quiet -p tsunagu-cli
# Guarded (the usual run takes 12 minutes): a browser or worker that a failed test leaves
# running must end the run with a failure, never hold it until CI's limit.
TSUNAGU_SELFHOSTED_RELEASE="$release" \
  run_tests timeout --kill-after=30s 40m node --test --test-concurrency=1 tests/e2e/

step "sync worker: production bundle (wrangler deploy --dry-run, built for the self-hosted release)"
bash scripts/bundle-size.sh "$release/bundle"

step "summary"
awk '/^test result:/ { passed += $4; failed += $6; ignored += $8 }
     /^# pass / { passed += $3 } /^# fail / { failed += $3 } /^# skipped / { ignored += $3 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, ignored }' "$results"
