#!/usr/bin/env bash
# Size budget for the release app's wasm, gzipped. Every wall screen and phone pays for
# each byte on every reload.
#  - target: 150 KB (aim 100 KB). NOT met yet: the reading site and the wall share one
#    bundle of about 400 KB; splitting the wall into its own bundle and a lighter JSON
#    decoder are the planned cuts. The script reports the gap on every run.
#  - ceiling: the current size plus a small margin, enforced, so the bundle cannot
#    grow unnoticed while the target is being worked towards. Lower it as cuts land.
#   tests/size_budget.sh [shell-dir]     (default target/shell, built by `trunk build --release`)
set -euo pipefail
shell="${1:-target/shell}"
budget=$((${SIZE_CEILING_KB:-420} * 1024))
target=$((150 * 1024))
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
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
echo "size budget: $(basename "${wasm[0]}") raw $raw B, gzip $gz B ($(kb "$gz") KB; ceiling $((budget / 1024)) KB); js gzip $js B"
if [ "$gz" -gt "$target" ]; then
  echo "size budget: target of $((target / 1024)) KB gzipped NOT met: $(kb $((gz - target))) KB over"
elif [ "$gz" -gt "$aim" ]; then
  echo "size budget: within the $((target / 1024)) KB target, above the $((aim / 1024)) KB aim"
fi
if [ "$gz" -gt "$budget" ]; then
  echo "size budget: FAILED, over the ceiling by $((gz - budget)) B" >&2
  exit 1
fi
exit 0
