#!/usr/bin/env bash
# App size after `trunk build --release`: every file in dist/ with its raw, gzip -9 and brotli
# (quality 11, which Cloudflare serves to browsers that accept it) size, and the compressed
# first-load transfer (sw.js and every file it precaches at install, which is what a first
# visit downloads; the deferred modules it stores afterwards are reported apart) against the ceiling of 838 KB (the first load when the 350 KB target was withdrawn; new
# features must stay under it), judged on gzip. Prints figures; fails only
# when dist/ is missing.
#   bash scripts/bench-app-size.sh [DIST]      (default: dist/)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dist=${1:-dist}
target=838000 # bytes: 838 KB, compressed: the ceiling
if [[ ! -f "$dist/index.html" ]]; then
  echo "bench-app-size: no built app in $dist/: run trunk build --release first" >&2
  exit 1
fi

gz() { gzip -9 -c -- "$1" | wc -c; }
# Node's zlib (node is installed by setup for the end-to-end tests).
br() {
  node -e 'const z = require("zlib"), fs = require("fs");
    const q = z.constants.BROTLI_PARAM_QUALITY, w = z.constants.BROTLI_MAX_QUALITY;
    console.log(z.brotliCompressSync(fs.readFileSync(process.argv[1]), { params: { [q]: w } }).length);' "$1"
}

# The precache lists inlined by scripts/build-sw.sh: lines like ["path", "sha256"], where "./"
# stands for index.html, under "files:" (stored at install: the first load) and "deferred:"
# (modules stored in the background afterwards, the tools module: not part of the first load).
# Without sw.js, a first load fetches everything anyway.
listed() {
  awk -v list="$1" '
    $0 ~ "^  " list ": \\[" { inside = 1; next }
    inside && /^  \]/ { inside = 0 }
    inside && match($0, /^ *\["[^"]*", "[0-9a-f]+"\],$/) {
      path = $0; sub(/^ *\["/, "", path); sub(/".*/, "", path)
      print (path == "./" ? "index.html" : path)
    }' "$dist/sw.js"
}
first_load=() deferred=()
if [[ -f "$dist/sw.js" ]]; then
  first_load=(sw.js)
  mapfile -t -O 1 first_load < <(listed files)
  mapfile -t deferred < <(listed deferred)
else
  echo "bench-app-size: $dist/sw.js is missing (no service worker): counting every file" >&2
  mapfile -t first_load < <(cd "$dist" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
fi

printf '%-44s %10s %10s %10s\n' "file ($dist/)" "raw" "gzip -9" "brotli"
raw_total=0 gz_total=0 br_total=0
while IFS= read -r path; do
  raw=$(wc -c <"$dist/$path")
  zipped=$(gz "$dist/$path")
  brotli=$(br "$dist/$path")
  printf '%-44s %10d %10d %10d\n' "$path" "$raw" "$zipped" "$brotli"
  raw_total=$((raw_total + raw)) gz_total=$((gz_total + zipped)) br_total=$((br_total + brotli))
done < <(cd "$dist" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
printf '%-44s %10d %10d %10d\n' "all files" "$raw_total" "$gz_total" "$br_total"

load_raw=0 load_gz=0 load_br=0
for path in "${first_load[@]}"; do
  if [[ ! -f "$dist/$path" ]]; then
    echo "bench-app-size: sw.js precaches $path, which is not in $dist/" >&2
    continue
  fi
  load_raw=$((load_raw + $(wc -c <"$dist/$path")))
  load_gz=$((load_gz + $(gz "$dist/$path")))
  load_br=$((load_br + $(br "$dist/$path")))
done
# The deferred modules, each on its own: what a first XLSX export (or the service worker's
# background download after the first visit) fetches.
def_raw=0 def_gz=0 def_br=0
for path in "${deferred[@]}"; do
  [[ -f "$dist/$path" ]] || {
    echo "bench-app-size: sw.js defers $path, which is not in $dist/" >&2
    continue
  }
  def_raw=$((def_raw + $(wc -c <"$dist/$path")))
  def_gz=$((def_gz + $(gz "$dist/$path")))
  def_br=$((def_br + $(br "$dist/$path")))
done
verdict="within"
((load_gz <= target)) || verdict="OVER"
printf 'first load (%d files): %d bytes, %d bytes gzip -9 (%d brotli): %s the %d KB ceiling (%d%%)\n' \
  "${#first_load[@]}" "$load_raw" "$load_gz" "$load_br" "$verdict" $((target / 1000)) $((load_gz * 100 / target))
printf 'deferred modules (%d files, stored after the first load, not in it): %d bytes, %d bytes gzip -9 (%d brotli)\n' \
  "${#deferred[@]}" "$def_raw" "$def_gz" "$def_br"
