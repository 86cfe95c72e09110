#!/usr/bin/env bash
# Search on the generated 10,000-item site (bench/content/gen.py): the index's share of
# the full build time (the same build with IMPACTWALL_SEARCH_INDEX=off, same run), the
# index size, and in the browser (bench/search/search.mjs, 4x CPU throttle) the time to
# first results, per keystroke and the bytes per query, beside Pagefind's runtime
# called directly. Writes bench/out/search.md and prints it.
#   bash bench/search/run.sh [N] [RUNS]
# VOCAB=zipf generates text with a realistic word-frequency shape instead of the
# 36-word vocabulary the build benchmarks use (see gen.py); BUILD_RUNS=0 skips the
# build-share measurement.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-10000}"
runs="${2:-5}"
vocab="${VOCAB:-small}"
build_runs="${BUILD_RUNS:-3}"
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -f target/shell/index.html ] || { echo "no app shell: run make shell-release first" >&2; exit 1; }
cargo build --release --bin impactwall -q
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/impactwall"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 bench/content/gen.py "$work" "$n" --vocab "$vocab"
content="$work/impactwall"
# Wall time of one build, in ms (the output folder is replaced each time).
build_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
with=(); without=()
for _ in $(seq 1 "$build_runs"); do
  without+=("$(IMPACTWALL_SEARCH_INDEX=off build_ms "$bin" build "$content" --out "$work/dist-off" --shell target/shell)")
  with+=("$(build_ms "$bin" build "$content" --out "$work/dist" --shell target/shell)")
done
[ -d "$work/dist" ] || "$bin" build "$content" --out "$work/dist" --shell target/shell >/dev/null 2>&1
index_files=$(find "$work/dist/pagefind" -type f | wc -l)
index_mb=$(du -sm "$work/dist/pagefind" | cut -f1)
mkdir -p bench/out
{
  echo "Generated site: $n stories + $((n / 4)) thanks + $((n / 20)) events, vocabulary $vocab, release binary."
  echo
  if [ "$build_runs" -gt 0 ]; then
    with_ms=$(printf '%s\n' "${with[@]}" | median)
    without_ms=$(printf '%s\n' "${without[@]}" | median)
    echo "| full build | with the search index | without (IMPACTWALL_SEARCH_INDEX=off) | index share |"
    echo "|---|---|---|---|"
    echo "| median of $build_runs | ${with_ms} ms | ${without_ms} ms | $(( (with_ms - without_ms) * 100 / without_ms ))% added |"
    echo
  fi
  echo "Index: ${index_files} files, ${index_mb} MB under pagefind/ (all languages, runtime included)."
  echo
  node bench/search/search.mjs "$work/dist" "$runs"
} | tee bench/out/search.md
