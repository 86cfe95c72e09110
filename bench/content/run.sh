#!/usr/bin/env bash
# Content-compile speed: `impactwall build` against Hugo on the same generated corpus,
# measured in the same run with hyperfine. Writes bench/out/content.md (figures) and
# prints them; bench/results.md keeps the latest copy by hand.
#   bash bench/content/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000}"
for tool in hugo hyperfine; do
  command -v "$tool" >/dev/null || { sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo; $sudo_cmd apt-get install -y -qq "$tool" >/dev/null; }
done
cargo build --release --bin impactwall -q
bin="$PWD/target/release/impactwall"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 bench/content/gen.py "$work" "$n"
"$bin" check "$work/impactwall" >/dev/null 2>&1 || true
mkdir -p bench/out
hyperfine --warmup 2 --runs 10 --export-markdown bench/out/content.md \
  -n "impactwall build ($n stories + $((n / 4)) thanks + $((n / 20)) events)" \
  "$bin build $work/impactwall --out $work/iw-dist --shell $work/no-shell" \
  -n "hugo ($n stories)" \
  "hugo --source $work/hugo --destination $work/hugo-dist --quiet"
sample_ms=$( { /usr/bin/time -f %e "$bin" build content --out "$work/sample-dist" --shell "$work/no-shell" >/dev/null 2>&1; } 2>&1 | tail -1 )
{
  echo
  echo "Sample content (\`content/\`) full build: ${sample_ms}s wall time, release binary."
  echo "Peak memory for the $n-story build: $( { /usr/bin/time -f %M "$bin" build "$work/impactwall" --out "$work/iw-dist2" --shell "$work/no-shell" >/dev/null 2>&1; } 2>&1 | tail -1 ) KiB;" \
       "hugo: $( { /usr/bin/time -f %M hugo --source "$work/hugo" --destination "$work/hugo-dist2" --quiet >/dev/null 2>&1; } 2>&1 | tail -1 ) KiB."
} >> bench/out/content.md
cat bench/out/content.md
