#!/usr/bin/env bash
# Size budget: the release app's wasm, gzipped, must stay within 150 KB (aim: 100 KB).
# Every wall screen and phone pays for each byte on every reload.
#   tests/size_budget.sh [shell-dir]     (default target/shell, built by `trunk build --release`)
set -euo pipefail
shell="${1:-target/shell}"
budget=$((150 * 1024))
aim=$((100 * 1024))
shopt -s nullglob
wasm=("$shell"/*.wasm)
if [ ${#wasm[@]} -ne 1 ]; then
  echo "size budget: expected one .wasm in $shell, found ${#wasm[@]} (run trunk build --release)" >&2
  exit 1
fi
raw=$(stat -c %s "${wasm[0]}")
gz=$(gzip -9 -c "${wasm[0]}" | wc -c)
js=0
for f in "$shell"/*.js; do js=$((js + $(gzip -9 -c "$f" | wc -c))); done
printf 'size budget: %s raw %d B, gzip %d B (%.1f KB of %d KB; aim %d KB); js gzip %d B\n' \
  "$(basename "${wasm[0]}")" "$raw" "$gz" "$(echo "$gz / 1024" | bc -l)" $((budget / 1024)) $((aim / 1024)) "$js"
if [ "$gz" -gt "$budget" ]; then
  echo "size budget: FAILED, over by $((gz - budget)) B" >&2
  exit 1
fi
[ "$gz" -gt "$aim" ] && echo "size budget: within budget but above the 100 KB aim"
exit 0
