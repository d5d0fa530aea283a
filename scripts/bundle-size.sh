#!/usr/bin/env bash
# Builds the sync worker's production bundle without uploading it (`wrangler deploy --dry-run`)
# and checks its compressed size against the Workers limit (3 MiB on the free plan).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
out=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-bundle.XXXXXX")
trap 'rm -rf "$out"' EXIT
mkdir -p dist
(cd sync-worker && wrangler deploy --dry-run --outdir "$out" 2>&1) | tee "$out/wrangler.log" | grep -vi "cloudflare.com\|getaddrinfo" || true
limit=$((3 * 1024 * 1024))
raw=$(du -cb "$out"/*.wasm "$out"/*.js 2>/dev/null | tail -n 1 | cut -f 1)
gzipped=$(cat "$out"/*.wasm "$out"/*.js 2>/dev/null | gzip -9 | wc -c)
if [[ -z "$raw" || "$raw" -eq 0 ]]; then
  echo "bundle: wrangler produced no bundle; its log:" >&2
  cat "$out/wrangler.log" >&2
  exit 1
fi
printf 'bundle: %d bytes, %d bytes gzip (limit %d bytes compressed: %d%% used)\n' \
  "$raw" "$gzipped" "$limit" $((gzipped * 100 / limit))
if ((gzipped > limit)); then
  echo "bundle: over the Workers size limit" >&2
  exit 1
fi
