#!/bin/sh
# sync-prompts.sh - copies Omniline's prompt catalogue (the shipped prompts and the recordings
# admins upload) into this Asterisk's sounds directory, for an Asterisk that runs on another
# host than Omniline. (When Omniline and Asterisk share a host, set ivr.soundsDirectory instead
# and Omniline writes the files itself.)
#
# Run it on the Asterisk host, as a user that may write the sounds directory, every few minutes:
#   */2 * * * * asterisk OMNILINE_URL=http://omniline.internal:8080 OMNILINE_PROMPT_SYNC_TOKEN=<ivr.promptSyncToken> /etc/asterisk/sync-prompts.sh
#
# It fetches the index (one "<sha256>  <lang>/<name>.wav" per prompt file), downloads each file
# it lacks or that changed, checks its SHA-256, and moves it into place whole, so Asterisk never
# plays half a file. Files it wrote before that are no longer in the index are removed; nothing
# else in the sounds directory is touched. Needs curl and sha256sum.
#
#   ASTERISK_SOUNDS   the sounds directory (default /var/lib/asterisk/sounds)
set -eu

: "${OMNILINE_URL:?set OMNILINE_URL to Omniline's HTTP address, e.g. http://omniline.internal:8080}"
: "${OMNILINE_PROMPT_SYNC_TOKEN:?set OMNILINE_PROMPT_SYNC_TOKEN to Omniline's ivr.promptSyncToken}"
sounds=${ASTERISK_SOUNDS:-/var/lib/asterisk/sounds}
state="$sounds/.omniline-prompts"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

curl -fsS --max-time 60 -H "Authorization: Bearer $OMNILINE_PROMPT_SYNC_TOKEN" "${OMNILINE_URL%/}/prompts/sync/index" \
    -o "$work/index"

# Only lines that name a plain file under <lang>/ are used: the index cannot point outside the directory.
if grep -Evq '^[0-9a-f]{64}  [a-z]{2}(_[A-Z]{2})?/[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)?\.wav$' "$work/index"; then
    echo "sync-prompts.sh: the index from $OMNILINE_URL has lines that are not prompt files; nothing changed" >&2
    exit 1
fi

mkdir -p "$sounds"
cd "$sounds"
# Files missing here or different: sha256sum reports them as FAILED.
sha256sum -c --quiet "$work/index" 2>/dev/null | sed -n 's/: FAILED.*$//p' > "$work/needed" || true

# One curl for all of them (one connection), each into a partial file beside its target.
set --
while read -r file; do
    mkdir -p "$(dirname "$file")"
    set -- "$@" -o "$file.omniline-partial" "${OMNILINE_URL%/}/prompts/sync/files/$file"
done < "$work/needed"
changed=0
if [ $# -gt 0 ]; then
    curl -fsS --max-time 300 -H "Authorization: Bearer $OMNILINE_PROMPT_SYNC_TOKEN" "$@" \
        || echo "sync-prompts.sh: some prompt files could not be fetched; they are fetched again next time" >&2
    # Each download checked against the index before it replaces anything.
    awk 'NR == FNR { needed[$1] = 1; next } ($2 in needed) { print $1 "  " $2 ".omniline-partial" }' \
        "$work/needed" "$work/index" > "$work/partials"
    sha256sum -c --quiet "$work/partials" 2>/dev/null | sed -n 's/: FAILED.*$//p' > "$work/damaged" || true
    while read -r partial; do
        rm -f "$partial"
        echo "sync-prompts.sh: ${partial%.omniline-partial} arrived damaged; it is fetched again next time" >&2
    done < "$work/damaged"
    while read -r file; do
        if [ -f "$file.omniline-partial" ]; then
            chmod 644 "$file.omniline-partial"
            mv -f "$file.omniline-partial" "$file"
            changed=$((changed + 1))
        fi
    done < "$work/needed"
fi

# Files this script wrote before that are no longer in the index.
cut -d' ' -f3 "$work/index" > "$work/files"
removed=0
if [ -f "$state" ]; then
    grep -vxF -f "$work/files" "$state" > "$work/stale" || true
    while read -r file; do
        rm -f "$file"
        removed=$((removed + 1))
    done < "$work/stale"
fi
cp "$work/files" "$state"

if [ "$changed" -gt 0 ] || [ "$removed" -gt 0 ]; then
    echo "sync-prompts.sh: $changed prompt file(s) written, $removed removed in $sounds"
fi
