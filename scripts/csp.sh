#!/bin/sh
# Trunk post_build hook: compute the sha256 of every inline <script> trunk wrote into
# index.html and insert a Content-Security-Policy meta tag as the first element of
# <head>. Runs in TRUNK_STAGING_DIR.
set -eu
dir="${TRUNK_STAGING_DIR:?run from trunk}"
exec python3 "$(dirname "$0")/csp.py" "$dir/index.html"
