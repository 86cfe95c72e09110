#!/usr/bin/env bash
# Content-compile speed: `impactwall build` against Hugo on the same generated corpus,
# measured in the same run with hyperfine. Writes bench/out/content.md (figures) and
# prints them; bench/results.md keeps the latest copy by hand.
#   bash bench/content/run.sh [N] [RUNS]
# N stories (default 1000; plus N/4 thank-you messages and N/20 events for impactwall),
# RUNS measured runs per tool (default 10, at least 5) after 2 warm-up runs. Both builds
# go through the same shell, each into its own output folder, which the previous run left
# there (impactwall replaces its output; Hugo writes over its own). The impactwall build
# includes the prerendered pages when the app shell is built (target/shell, `make
# site`); without it the table says so.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000}"
runs="${2:-10}"
[ "$runs" -ge 5 ] || { echo "RUNS must be at least 5 (medians)" >&2; exit 2; }
sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
for tool in hugo hyperfine; do
  command -v "$tool" >/dev/null || $sudo_cmd apt-get install -y -qq "$tool" >/dev/null
done
# GNU time for wall time and peak memory (`command -v time` finds the shell keyword).
[ -x /usr/bin/time ] || $sudo_cmd apt-get install -y -qq time >/dev/null
cargo build --release --bin impactwall -q
bin="$PWD/target/release/impactwall"
shell_dir="$PWD/target/shell"
pages="with the prerendered pages"
[ -f "$shell_dir/index.html" ] || { shell_dir="$PWD/target/no-shell"; pages="content only: no app shell, so no pages"; }
work="$(mktemp -d "${TMPDIR:-$PWD/target}/content-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 bench/content/gen.py "$work" "$n"
"$bin" check "$work/impactwall" >/dev/null 2>&1 || true
mkdir -p bench/out
iw_name="impactwall build ($n stories + $((n / 4)) thanks + $((n / 20)) events, $pages)"
hugo_name="hugo ($n stories)"
hyperfine --warmup 2 --runs "$runs" --export-json "$work/times.json" \
  -n "$iw_name" "$bin build $work/impactwall --out $work/iw-dist --shell $shell_dir" \
  -n "$hugo_name" "hugo --source $work/hugo --destination $work/hugo-dist --quiet"
# GNU time writes to -o: redirecting the measured command's output would swallow it.
measure() { /usr/bin/time -f "%M" -o "$work/time.out" "$@" >/dev/null 2>&1 || true; tail -1 "$work/time.out"; }
iw_kib=$(measure "$bin" build "$work/impactwall" --out "$work/iw-dist2" --shell "$shell_dir")
hugo_kib=$(measure hugo --source "$work/hugo" --destination "$work/hugo-dist2" --quiet)
sample_start=$(date +%s.%N)
"$bin" build content --out "$work/sample-dist" --shell "$shell_dir" >/dev/null 2>&1
sample_s=$(printf "%.2f" "$(echo "$(date +%s.%N) - $sample_start" | bc)")
files_bytes() { find "$1" -type f -printf '%s\n' | awk '{n++; b+=$1} END {printf "%d files, %.1f MB", n, b / 1e6}'; }
python3 - "$work/times.json" "$iw_kib" "$hugo_kib" > bench/out/content.md <<'EOF'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
iw, hugo = results
med = {r["command"]: statistics.median(r["times"]) for r in results}
print("| command | median | min | max | runs | ratio to Hugo (medians) |")
print("|---|---:|---:|---:|---:|---:|")
for r in results:
    m = med[r["command"]]
    print(f"| `{r['command']}` | {m:.3f} s | {min(r['times']):.3f} s | {max(r['times']):.3f} s "
          f"| {len(r['times'])} | {m / med[hugo['command']]:.2f} |")
iw_kib, hugo_kib = int(sys.argv[2]), int(sys.argv[3])
print()
print(f"Peak memory (one more run each): impactwall {iw_kib:,} KiB, Hugo {hugo_kib:,} KiB "
      f"({iw_kib / hugo_kib:.2f}x).")
EOF
{
  echo "Output: impactwall $(files_bytes "$work/iw-dist2"); Hugo $(files_bytes "$work/hugo-dist2")."
  echo "Sample content (\`content/\`) full build: ${sample_s}s wall time, release binary."
} >> bench/out/content.md
cat bench/out/content.md
