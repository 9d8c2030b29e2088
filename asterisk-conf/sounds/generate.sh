#!/bin/sh
# generate.sh - makes every prompt's audio from its text, and the index Omniline reads.
#
# Each prompt is <lang>/omniline/<name>.txt (what it says); this writes <name>.wav beside it,
# 8 kHz 16-bit mono PCM, the format Asterisk plays without transcoding. A line of the text may
# start with [xx] to be spoken in language xx (the language menu mixes English and Spanish).
# The .wav files are committed: installing Omniline needs neither espeak-ng nor sox, only
# changing a text does (Debian: apt-get install espeak-ng sox).
#
#   asterisk-conf/sounds/generate.sh          # every prompt
#   asterisk-conf/sounds/generate.sh welcome  # the prompts named welcome, in every language
set -eu

cd "$(dirname "$0")"
for tool in espeak-ng sox; do
    command -v "$tool" >/dev/null || { echo "generate.sh needs $tool (apt-get install espeak-ng sox)" >&2; exit 1; }
done

# espeak-ng's voice for each language folder: American English, Latin American Spanish.
voice() {
    case "$1" in
        en) echo en-us ;;
        es) echo es-419 ;;
        *) echo "$1" ;;
    esac
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

speak() { # speak TEXTFILE WAV: each line in its voice, joined, then converted for Asterisk
    lang=$(dirname "$(dirname "$1")")
    parts=""
    n=0
    while IFS= read -r line || [ -n "$line" ]; do
        [ -n "$line" ] || continue
        spoken=$lang
        case "$line" in
            \[??\]\ *) spoken=$(printf '%s' "$line" | cut -c2-3); line=$(printf '%s' "$line" | cut -c6-) ;;
        esac
        n=$((n + 1))
        espeak-ng -v "$(voice "$spoken")" -s 150 -w "$work/part$n.wav" "$line"
        # espeak-ng speaks at 22,050 Hz; every part is brought to one rate so sox can join them.
        sox -D "$work/part$n.wav" -r 22050 -c 1 "$work/rate$n.wav"
        parts="$parts $work/rate$n.wav"
    done < "$1"
    # No dither (-D), so the same text always gives the same bytes.
    # shellcheck disable=SC2086
    sox -D $parts -r 8000 -b 16 -c 1 -e signed-integer "$2" norm -3 pad 0.1 0.2
}

for text in */omniline/*.txt; do
    name=$(basename "$text" .txt)
    if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
        continue
    fi
    speak "$text" "${text%.txt}.wav"
    echo "$text -> ${text%.txt}.wav"
done

# The index: one <lang>/<prompt> per line; Omniline installs these into its prompt catalogue.
for text in */omniline/*.txt; do
    echo "${text%.txt}"
done | LC_ALL=C sort > index.txt
