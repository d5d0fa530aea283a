#!/usr/bin/env bash
# Installs everything Tsunagu needs to build and test, skipping what is already
# present in the right version. Safe to run again (CI runs it in every fresh clone).
#   scripts/setup.sh
# Afterwards: `source scripts/env.sh` for CARGO_TARGET_DIR, PATH and tool paths.
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$TSUNAGU_ROOT"

TRUNK_VERSION=0.21.14        # 0.22 needs a newer rustc than 1.95
WORKER_BUILD_VERSION=0.8.7
WASM_TARGET=wasm32-unknown-unknown

say() { echo "setup: $*"; }

# The version of a tool ("" if it is missing): first x.y.z in `TOOL --version`.
tool_version() {
  command -v "$1" >/dev/null 2>&1 || return 0
  "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1 || true
}

# wasm-bindgen-cli must equal the wasm-bindgen crate version: Cargo.lock, or
# the exact pin in Cargo.toml before the first lockfile exists.
locked_wasm_bindgen_version() {
  local v=""
  if [[ -f Cargo.lock ]]; then
    v=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  fi
  if [[ -z "$v" ]]; then
    v=$(sed -nE 's/^wasm-bindgen = .*"=([0-9.]+)".*/\1/p' Cargo.toml | head -n 1)
  fi
  [[ -n "$v" ]] || { say "cannot find the wasm-bindgen version in Cargo.lock or Cargo.toml" >&2; exit 1; }
  echo "$v"
}

# cargo install into ~/.cargo/bin, building in a throwaway directory.
cargo_install() {
  env -u CARGO_TARGET_DIR cargo install "$@"
}

# install_cargo_tool BINARY CRATE VERSION [cargo install flags...]
install_cargo_tool() {
  local bin=$1 crate=$2 want=$3 have
  shift 3
  have=$(tool_version "$bin")
  if [[ "$have" == "$want" ]]; then
    say "$crate $want already installed"
  else
    say "installing $crate $want (found: ${have:-none}; this can take several minutes)"
    cargo_install "$crate@$want" "$@"
  fi
}

command -v cargo >/dev/null || { say "cargo not found: install Rust 1.95 with rustup first" >&2; exit 1; }
command -v npm >/dev/null || { say "npm not found: install Node.js (20.3 or newer) first" >&2; exit 1; }

if rustup target list --installed | grep -qx "$WASM_TARGET"; then
  say "target $WASM_TARGET already installed"
else
  say "adding target $WASM_TARGET"
  rustup target add "$WASM_TARGET"
fi

# No --locked: wasm-bindgen-cli's own lockfile names a yanked crate.
install_cargo_tool wasm-bindgen wasm-bindgen-cli "$(locked_wasm_bindgen_version)"
install_cargo_tool worker-build worker-build "$WORKER_BUILD_VERSION" --locked
install_cargo_tool trunk trunk "$TRUNK_VERSION" --locked

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  say "chromium and chromedriver already installed"
else
  say "installing chromium and chromium-driver with apt"
  sudo=()
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# npm writes node_modules/.package-lock.json on every install.
if [[ -f node_modules/.package-lock.json && ! package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "node_modules up to date"
else
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi


# Firefox ESR and geckodriver: the storage tests also run in Firefox
# (GECKODRIVER=... instead of CHROMEDRIVER), whose IndexedDB differs from Chromium's.
GECKODRIVER_VERSION=0.37.1
if command -v firefox-esr >/dev/null 2>&1 || command -v firefox >/dev/null 2>&1; then
  say "firefox already installed"
else
  say "installing firefox-esr with apt"
  sudo=()
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y firefox-esr
fi
# Not --locked: the version verified on this machine was installed without it.
install_cargo_tool geckodriver geckodriver "$GECKODRIVER_VERSION"

say "CARGO_TARGET_DIR=$CARGO_TARGET_DIR (source scripts/env.sh to use it)"
