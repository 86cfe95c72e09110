#!/usr/bin/env bash
# Metrics CSV check speed: `impactwall check` on a site with a 100,000-row metrics CSV,
# against two references measured in the same run: the same site without the CSV, and
# Python's csv module reading and summing the same file. Writes bench/out/metrics.md.
#   bash bench/metrics/run.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${1:-100000}"
sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
command -v hyperfine >/dev/null || $sudo_cmd apt-get install -y -qq hyperfine >/dev/null
cargo build --release --bin impactwall -q
bin="$PWD/target/release/impactwall"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 bench/metrics/gen.py "$work" "$rows"
"$bin" check "$work/with-csv" >/dev/null
mkdir -p bench/out
hyperfine --warmup 2 --runs 10 --export-markdown bench/out/metrics.md \
  -n "impactwall check, $rows CSV rows" "$bin check $work/with-csv" \
  -n "impactwall check, no CSV (reference)" "$bin check $work/without-csv" \
  -n "python3 csv.reader, sum of $rows values (reference)" \
  "python3 -c 'import csv,sys; r=csv.reader(open(sys.argv[1])); next(r); print(sum(float(x[3]) for x in r))' $work/reference.csv"
cat bench/out/metrics.md
