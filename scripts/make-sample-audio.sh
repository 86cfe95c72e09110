#!/usr/bin/env bash
# Makes the sample voicemail recording, content/media/thanks/voicemail-for-amira.ogg, from the
# transcript in content/thanks/a-voicemail-for-amira.md, so recording and transcript always match.
#
# How it is made:
#   1. the `transcript = """…"""` block is read from the thank-you message's front matter;
#   2. espeak-ng reads it aloud (British English voice, a little slower than default, with a
#      pause between paragraphs);
#   3. sox puts a voicemail beep in front, narrows the sound to the telephone band
#      (300–3400 Hz), normalises the level, and writes mono 16 kHz Ogg Vorbis.
#
# Needs: espeak-ng, sox with Ogg Vorbis support.
#   Debian/Ubuntu: sudo apt-get install -y espeak-ng sox libsox-fmt-all
#
# Usage: scripts/make-sample-audio.sh            (from anywhere inside the repository)
#        scripts/make-sample-audio.sh --check    (only verify the committed file is small enough)
#
# The output is committed, so building the site never needs these tools. Run this again after
# editing the transcript. With the same espeak-ng and sox versions the output is byte-for-byte
# the same (sox -R); other versions may change the bytes slightly, which is fine.

set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source_file="$repo_root/content/thanks/a-voicemail-for-amira.md"
output_file="$repo_root/content/media/thanks/voicemail-for-amira.ogg"
max_bytes=$((100 * 1024))   # keep sample media small: every wall screen downloads it
voice="en-gb"
words_per_minute=150

check_size() {
    local size
    size=$(wc -c <"$output_file")
    if ((size > max_bytes)); then
        echo "error: $output_file is $size bytes, more than $max_bytes" >&2
        exit 1
    fi
    echo "$output_file: $size bytes, $(soxi -D "$output_file" 2>/dev/null || echo '?') s"
}

if [[ "${1:-}" == "--check" ]]; then
    check_size
    exit 0
fi

for tool in espeak-ng sox; do
    if ! command -v "$tool" >/dev/null; then
        echo "error: $tool is not installed (Debian/Ubuntu: apt-get install -y espeak-ng sox libsox-fmt-all)" >&2
        exit 1
    fi
done
if ! sox -h 2>/dev/null | grep -q 'vorbis'; then
    echo "error: this sox cannot write Ogg Vorbis (Debian/Ubuntu: apt-get install -y libsox-fmt-all)" >&2
    exit 1
fi

# The transcript: every line after `transcript = """` up to the closing `"""`.
transcript=$(awk '
    /^transcript = """/ { inside = 1; next }
    inside && /^"""/    { exit }
    inside              { print }
' "$source_file")
if [[ -z "${transcript//[[:space:]]/}" ]]; then
    echo "error: no transcript = \"\"\"…\"\"\" block found in $source_file" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Blank lines separate paragraphs; espeak-ng pauses at each one (-g adds a little space between
# words, which helps on a narrow telephone band).
printf '%s\n' "$transcript" >"$work/transcript.txt"
espeak-ng -v "$voice" -s "$words_per_minute" -g 2 -p 45 \
    -f "$work/transcript.txt" -w "$work/speech.wav"

# The beep callers hear before they speak, then a short breath of silence.
sox -n -r 22050 -c 1 "$work/beep.wav" synth 0.45 sine 1000 fade t 0.01 0.45 0.05 vol 0.35
sox -n -r 22050 -c 1 "$work/gap.wav" trim 0 0.6

mkdir -p "$(dirname "$output_file")"
sox -R "$work/beep.wav" "$work/gap.wav" "$work/speech.wav" \
    -r 16000 -c 1 -C -1 "$output_file" \
    sinc 300-3400 norm -3 rate 16000

check_size
