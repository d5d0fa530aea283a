# shellcheck shell=bash
# Tool environment for Tsunagu scripts. Source it, do not run it:
#   source scripts/env.sh
# Sets CARGO_TARGET_DIR, PATH (repo node_modules/.bin and ~/.cargo/bin first),
# WASM_BINDGEN_BIN, WASM_OPT_BIN, CHROMEDRIVER, WASM_BINDGEN_TEST_DRIVER_TIMEOUT
# and TSUNAGU_ROOT. Safe under `set -euo pipefail`; values already set win.

TSUNAGU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TSUNAGU_ROOT

# Outside the clone, so fresh CI clones reuse earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tsunagu/target}"

tsunagu_path_prepend() {
  case ":$PATH:" in
    *":$1:"*) ;;
    *) PATH="$1:$PATH" ;;
  esac
}
tsunagu_path_prepend "$HOME/.cargo/bin"
tsunagu_path_prepend "$TSUNAGU_ROOT/node_modules/.bin"
unset -f tsunagu_path_prepend
export PATH

# worker-build downloads these from GitHub unless told where they are.
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$HOME/.cargo/bin/wasm-bindgen}"
# npm binaryen@132; Debian's binaryen (108) cannot read current rustc output.
export WASM_OPT_BIN="${WASM_OPT_BIN:-$TSUNAGU_ROOT/node_modules/.bin/wasm-opt}"

# wasm-bindgen-test-runner drives the system Chromium for browser tests.
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}"
# The runner's limit is for a whole test binary, not one test (default 20 s). The storage
# tests store 80,000 writes and open many databases; on a loaded 2-core machine they
# passed 20 s and the runner killed the browser mid-test. Still bounded: 10 minutes.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"
