#!/usr/bin/env bash
# Where the bytes of each browser bundle go: twiggy's top list of the largest items,
# read from cargo's wasm (it keeps function names; the shipped bundle is the same code
# after wasm-bindgen and wasm-opt, without names). Written by `make size`.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release"
rows="${SIZE_REPORT_ROWS:-30}"
for bin in impactwall-app impactwall-wall impactwall-desk; do
  wasm="$dir/$bin.wasm"
  if [ ! -f "$wasm" ]; then
    echo "size report: $wasm is missing (run make shell-release)" >&2
    exit 1
  fi
  echo "## $bin ($(stat -c %s "$wasm") bytes before wasm-bindgen and wasm-opt)"
  echo
  twiggy top -n "$rows" "$wasm"
  echo
done
