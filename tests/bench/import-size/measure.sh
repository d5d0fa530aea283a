#!/usr/bin/env bash
# The wasm size of core's import (docs/import.md): this crate built three ways for
# wasm32-unknown-unknown (release, opt-level z, LTO), each through wasm-opt -Oz and gzip -9:
#   base    core's export only;
#   shared  plus the core code import builds on (text folding, dates, validation), which a
#           tools module holds anyway;
#   import  plus the whole import pipeline.
# The import's own size is import − shared.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
source "$root/scripts/env.sh"
export CARGO_TARGET_DIR="${IMPORT_SIZE_TARGET:-$HOME/.cache/tsunagu/target-import-size}"
wasm_opt="${WASM_OPT_BIN:-wasm-opt}"
cd "$here"
cp "$root/Cargo.lock" Cargo.lock
for variant in base shared import; do
  case "$variant" in
    base) features="" ;;
    shared) features="--features shared" ;;
    import) features="--features shared,import" ;;
  esac
  # shellcheck disable=SC2086
  cargo build --quiet --offline --release --target wasm32-unknown-unknown $features
  wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/import_size.wasm"
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals "$wasm" -o "$CARGO_TARGET_DIR/$variant.wasm"
  echo "$variant: $(gzip -9 -c "$CARGO_TARGET_DIR/$variant.wasm" | wc -c) bytes gzip"
done
rm -f Cargo.lock
