#!/usr/bin/env bash
# Self-hosted Tsunagu on plain workerd (no wrangler at run time), for a server in a closed
# network. docs/deploy.md explains the whole set-up; sync-worker/selfhosted/ holds the shipped
# configuration.
#
#   bash scripts/serve-selfhosted.sh build RELEASE_DIR
#       Builds the app (trunk build --release) and the worker's production bundle (wrangler
#       deploy --dry-run) into RELEASE_DIR: the configuration, the bundle, the app's files and
#       the workerd binary. Copy that directory to the server; it needs nothing else.
#   bash scripts/serve-selfhosted.sh serve RELEASE_DIR DATA_DIR [ADDRESS]
#       Starts workerd from RELEASE_DIR, keeping every prefecture's data in DATA_DIR, listening
#       on ADDRESS (default 127.0.0.1:8787; put TLS at the reverse proxy in front of it).
#   bash scripts/serve-selfhosted.sh [ADDRESS]
#       Both, with .selfhosted/release and .selfhosted/data in this checkout.
#
# The admin secret comes from the environment, never the command line: TSUNAGU_ADMIN_SECRET,
# or TSUNAGU_ADMIN_SECRET_FILE naming a file that holds it (at least 32 characters; without
# one the admin API is off). TSUNAGU_RETENTION_FISCAL_YEARS and
# TSUNAGU_HOUSEKEEPING_INTERVAL_MS are passed on when set.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

build() {
  local release=$1 out
  cd "$root"
  bash scripts/setup.sh >/dev/null
  source scripts/env.sh
  trunk build --release
  out=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-selfhosted.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$out'" RETURN
  (cd sync-worker && wrangler deploy --dry-run --outdir "$out" >"$out.log" 2>&1) || {
    cat "$out.log" >&2
    return 1
  }
  rm -f "$out.log"
  local wasm
  wasm=$(cd "$out" && ls -- *.wasm)
  if [[ $(wc -l <<<"$wasm") -ne 1 || ! -f "$out/index.js" ]]; then
    echo "selfhosted: the bundle is not one index.js and one .wasm: $(ls "$out")" >&2
    return 1
  fi
  rm -rf "$release.new"
  mkdir -p "$release.new/bundle" "$release.new/bin"
  # wrangler names the wasm module by its hash; the configuration names it index_bg.wasm.
  local imports
  imports=$(grep -c "from \"./$wasm\"" "$out/index.js" || true)
  if [[ $imports -ne 1 ]]; then
    echo "selfhosted: index.js imports $wasm $imports times (expected once)" >&2
    return 1
  fi
  sed "s|from \"./$wasm\"|from \"./index_bg.wasm\"|" "$out/index.js" >"$release.new/bundle/index.js"
  cp "$out/$wasm" "$release.new/bundle/index_bg.wasm"
  cp sync-worker/selfhosted/{tsunagu.capnp,front.js,tsunagu.service} "$release.new/"
  cp -r dist "$release.new/app"
  # The native binary of npm's workerd (the one wrangler runs), so the server needs neither
  # Node.js nor npm: the platform package holds it (the `workerd` package's own bin/workerd is
  # a Node.js launcher unless its install script replaced it).
  local native=node_modules/@cloudflare/workerd-linux-64/bin/workerd
  if [[ ! -x "$native" ]]; then
    echo "selfhosted: $native is missing (only Linux x86-64 is packaged): run scripts/setup.sh" >&2
    return 1
  fi
  cp "$native" "$release.new/bin/workerd"
  "$release.new/bin/workerd" --version >"$release.new/WORKERD_VERSION"
  git rev-parse HEAD >"$release.new/REVISION" 2>/dev/null || true
  rm -rf "$release"
  mv "$release.new" "$release"
  echo "selfhosted: release in $release ($(du -sh "$release" | cut -f 1))"
}

serve() {
  local release=$1 data=$2 address=${3:-127.0.0.1:8787}
  if [[ ! -f "$release/tsunagu.capnp" || ! -x "$release/bin/workerd" ]]; then
    echo "selfhosted: no release in $release: run '$0 build $release' first" >&2
    return 1
  fi
  if [[ -n "${TSUNAGU_ADMIN_SECRET_FILE:-}" ]]; then
    TSUNAGU_ADMIN_SECRET=$(tr -d '\r\n' <"$TSUNAGU_ADMIN_SECRET_FILE")
    export TSUNAGU_ADMIN_SECRET
  fi
  if [[ -n "${TSUNAGU_ADMIN_SECRET:-}" ]] && ((${#TSUNAGU_ADMIN_SECRET} < 32)); then
    echo "selfhosted: the admin secret has ${#TSUNAGU_ADMIN_SECRET} characters; it needs at least 32" >&2
    return 1
  fi
  mkdir -p "$data"
  cd "$release"
  exec bin/workerd serve tsunagu.capnp --experimental \
    --socket-addr "http=$address" \
    --directory-path "app=$(pwd)/app" \
    --directory-path "data=$(cd "$data" && pwd)"
}

case "${1:-}" in
  build) build "${2:?usage: $0 build RELEASE_DIR}" ;;
  serve) serve "${2:?usage: $0 serve RELEASE_DIR DATA_DIR [ADDRESS]}" "${3:?usage: $0 serve RELEASE_DIR DATA_DIR [ADDRESS]}" "${4:-}" ;;
  *)
    build "$root/.selfhosted/release"
    serve "$root/.selfhosted/release" "$root/.selfhosted/data" "${1:-}"
    ;;
esac
