#!/usr/bin/env bash
# Content-compile speed: `impactwall build` against Hugo on the same generated corpus,
# measured in the same run with hyperfine. Writes bench/out/content.md (figures) and
# prints them; bench/results.md keeps the latest copy by hand.
#   bash bench/content/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000}"
sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
for tool in hugo hyperfine; do
  command -v "$tool" >/dev/null || $sudo_cmd apt-get install -y -qq "$tool" >/dev/null
done
# GNU time for wall time and peak memory (`command -v time` finds the shell keyword).
[ -x /usr/bin/time ] || $sudo_cmd apt-get install -y -qq time >/dev/null
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
# GNU time writes to -o: redirecting the measured command's output would swallow it.
measure() { /usr/bin/time -f "$1" -o "$work/time.out" "${@:2}" >/dev/null 2>&1 || true; tail -1 "$work/time.out"; }
sample_s=$(measure %e "$bin" build content --out "$work/sample-dist" --shell "$work/no-shell")
iw_kib=$(measure %M "$bin" build "$work/impactwall" --out "$work/iw-dist2" --shell "$work/no-shell")
hugo_kib=$(measure %M hugo --source "$work/hugo" --destination "$work/hugo-dist2" --quiet)
{
  echo
  echo "Sample content (\`content/\`) full build: ${sample_s}s wall time, release binary."
  echo "Peak memory for the $n-story build: ${iw_kib} KiB; hugo: ${hugo_kib} KiB."
} >> bench/out/content.md
cat bench/out/content.md
