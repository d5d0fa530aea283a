#!/usr/bin/env bash
# Builds the sync worker's production bundle without uploading it (`wrangler deploy --dry-run`)
# and checks its compressed size against the Workers limit (3 MiB on the free plan).
#   bash scripts/bundle-size.sh [BUNDLE_DIR]
# BUNDLE_DIR: a bundle already built (a self-hosted release's bundle/, which scripts/test.sh
# has made), measured as it is instead of building it again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
if [[ -n "${1:-}" ]]; then
  out=$1
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-bundle.XXXXXX")
  trap 'rm -rf "$out"' EXIT
  mkdir -p dist
  (cd sync-worker && wrangler deploy --dry-run --outdir "$out" 2>&1) | tee "$out/wrangler.log" | grep -vi "cloudflare.com\|getaddrinfo" || true
fi
limit=$((3 * 1024 * 1024))
raw=$(du -cb "$out"/*.wasm "$out"/*.js 2>/dev/null | tail -n 1 | cut -f 1)
gzipped=$(cat "$out"/*.wasm "$out"/*.js 2>/dev/null | gzip -9 | wc -c)
if [[ -z "$raw" || "$raw" -eq 0 ]]; then
  echo "bundle: no bundle in $out" >&2
  [[ -f "$out/wrangler.log" ]] && cat "$out/wrangler.log" >&2
  exit 1
fi
printf 'bundle: %d bytes, %d bytes gzip (limit %d bytes compressed: %d%% used)\n' \
  "$raw" "$gzipped" "$limit" $((gzipped * 100 / limit))
if ((gzipped > limit)); then
  echo "bundle: over the Workers size limit" >&2
  exit 1
fi
