#!/usr/bin/env bash
# Installs what building and testing impactwall needs, idempotently: each step is
# skipped when its tool is already there at the right version.
#   scripts/setup.sh run    what `make run` needs (wasm target, trunk, wasm-bindgen, npm tools)
#   scripts/setup.sh test   also Chromium, ChromeDriver, Python clients, audio tools
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-test}"

TRUNK_VERSION=0.21.14
TWIGGY_VERSION=0.8.0
# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)

log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (compiles from source, a few minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WBG_VERSION"; then
  log "installing wasm-bindgen-cli $WBG_VERSION (compiles from source, a few minutes)"
  # --locked fails for this version; the unlocked resolution builds.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ package.json -nt node_modules/.package-lock.json ]; then
  log "installing npm tools (binaryen, playwright-core, axe-core)"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi

if [ "$mode" = test ]; then
  if ! twiggy --version 2>/dev/null | grep -q "twiggy $TWIGGY_VERSION"; then
    log "installing twiggy $TWIGGY_VERSION (wasm size report, compiles from source)"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked
  fi
  apt_install chromium chromium-driver espeak-ng sox
  if ! python3 -c 'import feedparser, icalendar, aiosmtpd' 2>/dev/null; then
    log "installing Python feed, calendar and mail clients"
    python3 -m pip install --quiet feedparser icalendar aiosmtpd
  fi
fi
log "ready ($mode)"
