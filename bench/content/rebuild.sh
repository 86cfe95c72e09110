#!/usr/bin/env bash
# Rebuild after one edit: `impactwall build` into its previous output against a full
# build into an empty folder, same corpus, same run (release binary).
#   bash bench/content/rebuild.sh [N] [RUNS] [SHELL]
# N stories (default 1000, plus N/4 thanks and N/20 events, bench/content/gen.py), RUNS
# rounds (default 3). Each round: a full build into an empty folder, then one story's
# text is edited and the site rebuilt into that output, with `--now` fixed (pages
# carry the build instant, so only then can a page be unchanged) and without it.
# SHELL is the app shell folder (default target/shell; without one, no pages).
# Prints one line per build: wall seconds, user and system CPU, and the build's own
# "N files written, M unchanged".
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000}"
runs="${2:-3}"
shell_dir="${3:-$PWD/target/shell}"
bin="$PWD/target/release/impactwall"
[ -x "$bin" ] || cargo build --release --bin impactwall -q
work="$(mktemp -d "${TMPDIR:-$PWD/target}/rebuild-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 bench/content/gen.py "$work" "$n" >/dev/null
site="$work/impactwall"
now="2026-12-01T12:00:00Z"
story="$site/stories/story-$((n / 2)).md"
# One build, timed by GNU time: "<label> <wall> s, <user> + <sys> s CPU; <written/unchanged>".
timed() {
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$work/time.out" "$bin" build "$site" --shell "$shell_dir" "$@" \
    >"$work/build.out" 2>/dev/null
  read -r wall user sys <"$work/time.out"
  local counts
  counts="$(grep -o '[0-9]* files written, [0-9]* unchanged' "$work/build.out" || echo '?')"
  printf '%-34s %7.2f s  CPU %6.2f + %5.2f s  %s\n' "$label" "$wall" "$user" "$sys" "$counts"
}
echo "N=$n, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$runs"); do
  rm -rf "$work/out"
  timed "full build into an empty folder" --out "$work/out" --now "$now"
  timed "same content, same --now" --out "$work/out" --now "$now"
  printf '\nEdited in round %s.\n' "$round" >>"$story"
  timed "one story edited, same --now" --out "$work/out" --now "$now"
  printf '\nEdited again in round %s.\n' "$round" >>"$story"
  timed "one story edited, build instant" --out "$work/out"
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
