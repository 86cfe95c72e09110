#!/usr/bin/env bash
# Load benchmark for `impactwall serve`, with nginx serving the same bytes in the same
# run as the reference. Loopback only, bounded: DURATION per target per server.
#
#   bash bench/load/run.sh            # 20 s per target, 1,000-item site
#   DURATION=5s ITEMS=200 bash bench/load/run.sh
#
# Targets: the index page, one JSON shard, one audio file (identity encoding on both
# sides, so the comparison is like for like). Also measures save-to-new-data latency
# (one edited story in the generated site) and resident memory before and after.
# Writes the figures into the load section of bench/results.md.
# Environment: DURATION, CONNECTIONS, THREADS, ITEMS, ROUNDS, IMPACTWALL_BIN.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ITEMS=${ITEMS:-1000}
ROUNDS=${ROUNDS:-20}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$ROOT/bench/out/load
RESULTS=$ROOT/bench/results.md

log() { printf 'bench/load: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# IMPACTWALL_BIN: measure an already built release binary instead of building one.
if [ -z "${IMPACTWALL_BIN:-}" ]; then
  log "building impactwall (release)"
  cargo build --release --bin impactwall >&2
  IMPACTWALL_BIN=$CARGO_TARGET_DIR/release/impactwall
fi
rm -rf "$OUT"
mkdir -p "$OUT"
# A private copy: a shared target folder may be rebuilt while the benchmark runs.
cp "$IMPACTWALL_BIN" "$OUT/impactwall"
BIN=$OUT/impactwall
python3 bench/load/gen_site.py "$OUT/content" "$ITEMS"

SHELL_DIR=$ROOT/target/shell
if [ ! -f "$SHELL_DIR/index.html" ]; then
  # No trunk build here: a stand-in shell with a wasm-sized hashed asset.
  SHELL_DIR=$OUT/shell
  mkdir -p "$SHELL_DIR"
  printf '<!doctype html><html><head><title>bench</title></head><body></body></html>\n' > "$SHELL_DIR/index.html"
  head -c 1048576 /dev/urandom > "$SHELL_DIR/app-0123456789abcdef_bg.wasm"
fi

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

rss_kb() { # total resident KiB of the given pids
  local total=0
  for p in "$@"; do
    local v
    v=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

log "starting impactwall serve"
"$BIN" serve "$OUT/content" --shell "$SHELL_DIR" --port 0 >"$OUT/serve.stdout" 2>"$OUT/serve.log" &
IW_PID=$!
PIDS+=("$IW_PID")
for _ in $(seq 1 300); do
  grep -q 'listening on' "$OUT/serve.stdout" 2>/dev/null && break
  sleep 0.1
done
IW_URL=$(sed -n 's/.*listening on \(http:[^ ]*\)\/ .*/\1/p' "$OUT/serve.stdout" | head -1)
[ -n "$IW_URL" ] || { log "impactwall did not start"; cat "$OUT/serve.log" >&2; exit 1; }
log "impactwall at $IW_URL"

# The same bytes on disk for nginx.
WWW=$OUT/www
mkdir -p "$WWW/data/stories" "$WWW/media"
SHARD=data/stories/story-0100.json
curl -sf "$IW_URL/" -o "$WWW/index.html"
curl -sf "$IW_URL/$SHARD" -o "$WWW/$SHARD"
MEDIA=$(curl -sf "$IW_URL/data/index.json" | grep -o '/media/voicemail\.[0-9a-f]*\.mp3' | head -1)
[ -n "$MEDIA" ] || { log "no audio in the index"; exit 1; }
curl -sf "$IW_URL$MEDIA" -o "$WWW${MEDIA}"
chmod -R a+rX "$WWW"

NGINX_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$OUT/nginx/logs"
cat > "$OUT/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/logs/error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $OUT/nginx/body;
  proxy_temp_path $OUT/nginx/proxy;
  fastcgi_temp_path $OUT/nginx/fastcgi;
  uwsgi_temp_path $OUT/nginx/uwsgi;
  scgi_temp_path $OUT/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WWW;
    etag on;
    location / { try_files \$uri /index.html; add_header Cache-Control no-cache; }
  }
}
CONF
"$NGINX" -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -g 'daemon off;' 2>"$OUT/nginx/stderr" &
NG_PID=$!
PIDS+=("$NG_PID")
NG_URL=http://127.0.0.1:$NGINX_PORT
for _ in $(seq 1 50); do curl -sf "$NG_URL/$SHARD" >/dev/null && break; sleep 0.1; done
ng_pids() { echo "$NG_PID" $(pgrep -P "$NG_PID" || true); }

log "save-to-new-data latency ($ROUNDS rounds)"
python3 bench/load/rebuild_latency.py "$IW_URL" "$OUT/content" "$ROUNDS" > "$OUT/latency.json"

RSS_IW_BEFORE=$(rss_kb "$IW_PID")
RSS_NG_BEFORE=$(rss_kb $(ng_pids))

TSV=$OUT/load.tsv
: > "$TSV"
run_wrk() { # server target url
  local f="$OUT/wrk-$1-$2.txt"
  timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$3" > "$f"
  awk -v server="$1" -v target="$2" '
    /Requests\/sec:/ { rps = $2 }
    /^ +99%/ { p99 = $2 }
    /^ +50%/ { p50 = $2 }
    /requests in/ { total = $1 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(",", ""); sock = $4 + $6 + $8 + $10 }
    END { printf "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\n", target, server, rps, p50, p99, total, non2xx, sock }
  ' "$f" >> "$TSV"
}
for target in index shard media; do
  case $target in
    index) path=/ ;;
    shard) path=/$SHARD ;;
    media) path=$MEDIA ;;
  esac
  log "$target: impactwall"
  run_wrk impactwall "$target" "$IW_URL$path"
  log "$target: nginx"
  run_wrk nginx "$target" "$NG_URL$path"
done
RSS_IW_AFTER=$(rss_kb "$IW_PID")
RSS_NG_AFTER=$(rss_kb $(ng_pids))

# Graceful stop on SIGTERM.
T0=$(date +%s%N)
kill -TERM "$IW_PID"
IW_EXIT=0
wait "$IW_PID" || IW_EXIT=$?
STOP_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
kill -TERM "$NG_PID" 2>/dev/null || true
wait "$NG_PID" 2>/dev/null || true
PIDS=()

CPU=$(awk -F: '/model name/{gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
python3 - "$TSV" "$OUT/latency.json" "$RESULTS" <<PY
import json, statistics, sys
tsv, latency_file, results = sys.argv[1:4]
rows = [l.rstrip("\n").split("\t") for l in open(tsv) if l.strip()]
lat = json.load(open(latency_file))
ev = sorted(lat["event_ms"]); sv = sorted(lat["served_ms"])
def pct(xs, p): return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]
lines = []
lines.append("## Load: impactwall serve vs nginx")
lines.append("")
lines.append("Measured by \`bash bench/load/run.sh\` ($(date -u +%Y-%m-%d), $CPU, $(nproc) cores shared with wrk and other work).")
lines.append("Loopback, wrk $THREADS threads / $CONNECTIONS connections / $DURATION per target per server, identity encoding on")
lines.append("both sides, a generated $ITEMS-item site (\`bench/load/gen_site.py\`). nginx 2 workers serves the same bytes from disk")
lines.append("(sendfile, no access log). impactwall is the release build with the watcher on.")
lines.append("Load average at the end of the run: $(cut -d' ' -f1-3 /proc/loadavg) (other builds share the machine; treat p99 as an upper bound).")
lines.append("")
lines.append("| target | server | requests/s | p50 | p99 | requests | non-2xx | socket errors |")
lines.append("|---|---|---:|---:|---:|---:|---:|---:|")
names = {"index": "index page \`/\`", "shard": "JSON shard \`/$SHARD\`", "media": "audio \`$MEDIA\`"}
for target, server, rps, p50, p99, total, non2xx, sock in rows:
    lines.append(f"| {names.get(target, target)} | {server} | {float(rps):,.0f} | {p50} | {p99} | {total} | {non2xx} | {sock} |")
lines.append("")
lines.append(f"Resident memory: impactwall {int('$RSS_IW_BEFORE')/1024:.1f} MiB before, {int('$RSS_IW_AFTER')/1024:.1f} MiB after the load; nginx (master + workers) {int('$RSS_NG_BEFORE')/1024:.1f} MiB before, {int('$RSS_NG_AFTER')/1024:.1f} MiB after.")
lines.append("")
lines.append(f"Save-to-new-data for one edited story in the {int('$ITEMS'):,}-item site ({len(ev)} rounds, editor-style write + rename, debounce included):")
lines.append(f"\`update\` event received median {statistics.median(ev):.0f} ms, p90 {pct(ev, 0.9):.0f} ms, max {ev[-1]:.0f} ms;")
lines.append(f"new shard served median {statistics.median(sv):.0f} ms, max {sv[-1]:.0f} ms (target: under 300 ms).")
lines.append("")
lines.append("Shutdown on SIGTERM after the run: exit status $IW_EXIT in $STOP_MS ms.")
section = "\n".join(lines)
begin, end = "<!-- load:begin -->", "<!-- load:end -->"
try:
    text = open(results).read()
except FileNotFoundError:
    text = "# Benchmark results\n"
block = f"{begin}\n{section}\n{end}"
if begin in text and end in text:
    text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(results, "w").write(text)
print(section)
PY
