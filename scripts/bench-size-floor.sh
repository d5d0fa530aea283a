#!/usr/bin/env bash
# The floor under the app's first-load size (docs/benchmarks.md, "Open: the app's size"): builds
# tests/bench/size-floor like the app (release, type-erased views, wasm-opt -Oz) twice, as a
# Leptos app with the router only and with the sync engine added, and prints each build's files
# through scripts/bench-app-size.sh (raw, gzip -9, brotli). Prints figures; fails only when a
# build fails.
#   source scripts/env.sh && bash scripts/bench-size-floor.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for variant in framework engine; do
  features=()
  [[ $variant == engine ]] && features=(--features engine)
  (cd tests/bench/size-floor && trunk build --release --dist "$out/$variant" "${features[@]}" >/dev/null 2>&1) \
    || { echo "bench-size-floor: trunk build of the $variant variant failed" >&2; exit 1; }
  echo "== $variant"
  # No service worker in these builds: every file counts.
  bash scripts/bench-app-size.sh "$out/$variant" 2>/dev/null | sed '/^first load/d'
done
