#!/usr/bin/env bash
# Minifies the JavaScript of a built app with esbuild: wasm-bindgen's glue (tsunagu-app-*.js,
# which Trunk's own minification leaves as it is) and boot.js, about 2.6 KB gzip off the first
# load; and the tools module's glue and loader, whose files it also names by content (below).
# The glue's Subresource Integrity hash in index.html (its modulepreload) is replaced by
# the minified file's. Trunk runs it after each build (Trunk.toml, [[hooks]] post_build, before
# scripts/build-sw.sh hashes the files) with TRUNK_STAGING_DIR set. By hand:
#   bash scripts/minify-build.sh DIR
# Needs node and esbuild (package.json: npm ci).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
esbuild="$root/node_modules/.bin/esbuild"
dir=${1:-${TRUNK_STAGING_DIR:-}}
if [[ -z "$dir" || ! -f "$dir/index.html" ]]; then
  echo "minify-build: no built app: pass its directory, or run from Trunk (TRUNK_STAGING_DIR)" >&2
  exit 1
fi
[[ -x "$esbuild" ]] || {
  echo "minify-build: $esbuild is missing: run npm ci" >&2
  exit 1
}

# SRI's form: sha384-<base64 of the digest>.
sri() {
  node -e 'const c = require("crypto"), fs = require("fs");
    console.log("sha384-" + c.createHash("sha384").update(fs.readFileSync(process.argv[1])).digest("base64"));' "$1"
}

shopt -s nullglob
glue=("$dir"/tsunagu-app-*.js)
((${#glue[@]} == 1)) || {
  echo "minify-build: expected one tsunagu-app-*.js in $dir, found ${#glue[@]}" >&2
  exit 1
}
before=$(sri "${glue[0]}")
# ES modules both: exported names stay, everything else may be renamed.
for file in "${glue[0]}" "$dir/boot.js"; do
  "$esbuild" "$file" --minify --format=esm --log-level=warning --outfile="$file.min"
  mv "$file.min" "$file"
done
after=$(sri "${glue[0]}")
# The hashes are base64 (A-Z a-z 0-9 + / =): '|' cannot occur in them.
grep -qF -- "$before" "$dir/index.html" || {
  echo "minify-build: index.html does not name the glue's hash $before" >&2
  exit 1
}
sed -i "s|$before|$after|" "$dir/index.html"
echo "minify-build: minified $(basename "${glue[0]}") and boot.js"

# The tools module (tools/, loaded on demand in a Web Worker): Trunk names a worker's files
# after its crate, unhashed (tsunagu-tools.js, tsunagu-tools_bg.wasm), and adds nothing to
# index.html. Minify its glue and loader, name the glue and the wasm after a hash of both (so
# no cache can pair files of two builds), and tell the app their names: two attributes on the
# boot script, next to the app's own (app/src/tools reads them).
tools_js="$dir/tsunagu-tools.js" tools_wasm="$dir/tsunagu-tools_bg.wasm"
if [[ -f "$tools_js" && -f "$tools_wasm" ]]; then
  for file in "$tools_js" "$dir/tools-worker.js"; do
    "$esbuild" "$file" --minify --format=esm --log-level=warning --outfile="$file.min"
    mv "$file.min" "$file"
  done
  hash=$(cat "$tools_js" "$tools_wasm" | sha256sum | cut -c 1-16)
  mv "$tools_js" "$dir/tsunagu-tools-$hash.js"
  mv "$tools_wasm" "$dir/tsunagu-tools-${hash}_bg.wasm"
  # The same base as the app's glue (Trunk's public_url), quoted or not after minification.
  base=$(sed -n 's/.*data-tsunagu-js="\{0,1\}\([^" >]*\)tsunagu-app-.*/\1/p' "$dir/index.html")
  grep -q 'data-tsunagu-js=' "$dir/index.html" || {
    echo "minify-build: index.html has no data-tsunagu-js attribute to put the tools beside" >&2
    exit 1
  }
  sed -i "s|data-tsunagu-js=|data-tsunagu-tools-js=\"${base}tsunagu-tools-$hash.js\" data-tsunagu-tools-wasm=\"${base}tsunagu-tools-${hash}_bg.wasm\" data-tsunagu-js=|" "$dir/index.html"
  echo "minify-build: tools module as tsunagu-tools-$hash.js and tsunagu-tools-${hash}_bg.wasm"
elif tools=("$dir"/tsunagu-tools-*_bg.wasm) && ((${#tools[@]} == 1)) &&
  grep -q 'data-tsunagu-tools-js=' "$dir/index.html"; then
  echo "minify-build: the tools module is already named by hash ($(basename "${tools[0]}"))"
else
  echo "minify-build: no tools module (tsunagu-tools.js, tsunagu-tools_bg.wasm) in $dir" >&2
  exit 1
fi
