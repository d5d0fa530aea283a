#!/usr/bin/env bash
# Writes the service worker, sw.js, into a built app: public/sw.template.js with the list of
# every other file of the build (and its SHA-256), split into the shell stored at install and
# the deferred modules stored afterwards, and a build id inlined, its code minified.
# Trunk runs it after each build (Trunk.toml, [[hooks]] post_build) with TRUNK_STAGING_DIR set
# to the build's staging directory, which Trunk then moves to dist/. By hand, on a built
# directory:
#   bash scripts/build-sw.sh DIR
# Needs bash, coreutils (sha256sum, sort), find, awk, grep, and node with esbuild (npm ci).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
template="$root/public/sw.template.js"
esbuild="$root/node_modules/.bin/esbuild"
dir=${1:-${TRUNK_STAGING_DIR:-}}
if [[ -z "$dir" || ! -d "$dir" ]]; then
  echo "build-sw: no build directory: pass one, or run from Trunk (TRUNK_STAGING_DIR)" >&2
  exit 1
fi
cd "$dir"

# Every file but sw.js itself (its old copy when run again on a finished build) and _headers
# (the host's header rules, never served), sorted bytewise so the list, and so the id,
# depends only on the files.
mapfile -t files < <(find . -type f ! -path ./sw.js ! -name '.sw.js.*' ! -path ./_headers |
  sed 's|^\./||' | LC_ALL=C sort)
if ((${#files[@]} == 0)); then
  echo "build-sw: $dir holds no files" >&2
  exit 1
fi
for f in "${files[@]}"; do
  # The names go into JavaScript strings and URLs unescaped: refuse anything else.
  if [[ ! $f =~ ^[A-Za-z0-9._~/-]+$ ]]; then
    echo "build-sw: cannot precache \"$f\": file names may hold only letters, digits and ._~/-" >&2
    exit 1
  fi
done
[[ " ${files[*]} " == *" index.html "* ]] || {
  echo "build-sw: $dir has no index.html" >&2
  exit 1
}

sums=$(sha256sum -- "${files[@]}")
# The template is part of the version: new worker code gets its own cache too.
id=$({ echo "$sums"; sha256sum <"$template"; } | sha256sum | cut -c 1-16)

# Deferred: files the app loads on demand, stored by the service worker in the background
# after it is active instead of at install, so they are not part of the first load. Today the
# tools module (tools/; its loader, and the glue and wasm scripts/minify-build.sh named by hash).
is_deferred() {
  [[ $1 == tools-worker.js || $1 == tsunagu-tools-* ]]
}
block=$(
  printf 'const BUILD = {\n  id: "%s",\n' "$id"
  for list in files deferred; do
    printf '  %s: [\n' "$list"
    while read -r hash path; do
      if is_deferred "$path"; then
        [[ $list == deferred ]] || continue
      else
        [[ $list == files ]] || continue
      fi
      # index.html is fetched as the directory ("./"): that is the URL a navigation asks
      # for, and servers may redirect /index.html to it.
      [[ $path == index.html ]] && path=./
      printf '    ["%s", "%s"],\n' "$path" "$hash"
    done <<<"$sums"
    printf '  ],\n'
  done
  printf '};'
)

tmp=.sw.js.$$
trap 'rm -f "$tmp"' EXIT
# The one marked line becomes the block; the code after it goes out minified (the comments
# before it are dropped), about 1.3 KB gzip off every first load. Anything else means the
# template changed shape.
if [[ $(grep -c '^const BUILD = .*@tsunagu-build' "$template" || true) != 1 ]]; then
  echo "build-sw: $template must hold exactly one line \"const BUILD = ... // @tsunagu-build\"" >&2
  exit 1
fi
[[ -x "$esbuild" ]] || {
  echo "build-sw: $esbuild is missing: run npm ci" >&2
  exit 1
}
{
  printf '%s\n' "$block"
  awk 'seen { print } /^const BUILD = .*@tsunagu-build/ { seen = 1 }' "$template" |
    "$esbuild" --minify --log-level=warning
} >"$tmp"
mv "$tmp" sw.js
deferred=$(grep -c '^    \["tools-worker.js"\|^    \["tsunagu-tools-' sw.js || true)
echo "build-sw: sw.js for build $id precaches $((${#files[@]} - deferred)) files at install and $deferred in the background"
