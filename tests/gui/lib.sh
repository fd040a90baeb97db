# tests/gui/lib.sh — what the end-to-end GUI tests share: running Lloyd under
# ../shared/tools/gui-session and checking PNGs with ImageMagick. Sourced.
set -euo pipefail
: "${LLOYD:?set by tests/meson.build}" "${GUI_SESSION:?set by tests/meson.build}"
APP_ID=io.github.lloydlab.Lloyd
OUT=$(mktemp -d "${TMPDIR:-/tmp}/lloyd-gui.XXXXXX")
trap 'rm -rf "$OUT"' EXIT

fail () { echo "FAIL: $*" >&2; exit 1; }

# check_png FILE MIN_W MIN_H: exists, is a PNG at least that big, and not blank
# (many colours and a non-trivial spread of grey levels).
check_png () {
  local f=$1 w h colours sd
  [ -s "$f" ] || fail "$f was not written"
  read -r w h < <(identify -format '%w %h\n' "$f" | head -n 1) || fail "$f is not an image"
  [ "$w" -ge "$2" ] && [ "$h" -ge "$3" ] || fail "$f is ${w}x$h, expected at least $2x$3"
  colours=$(identify -format '%k' "$f")
  sd=$(convert "$f" -colorspace Gray -format '%[fx:int(1000*standard_deviation)]' info:)
  [ "$colours" -ge 16 ] || fail "$f has only $colours colours: blank?"
  [ "$sd" -ge 20 ] || fail "$f is nearly flat (grey spread $sd/1000)"
  echo "ok: $f ${w}x$h, $colours colours, spread $sd/1000"
}

# differs A B: the two images differ in more than a few pixels.
differs () {
  local n
  n=$(compare -metric AE "$1" "$2" null: 2>&1 >/dev/null | cut -d' ' -f1) || true
  [ "${n%.*}" -gt 50 ] || fail "$1 and $2 are the same picture ($n pixels differ)"
  echo "ok: $1 and $2 differ in $n pixels"
}

# session ARGS…: gui-session with the app, a fixed screen and a log kept in $OUT.
session () {
  timeout 300 "$GUI_SESSION" --app-id "$APP_ID" --size 1400x900 --timeout 60 \
    --log "$OUT/app.log" -v "$@" -- "$LLOYD" 2> "$OUT/session.log" \
    || { cat "$OUT/session.log" >&2; fail "gui-session failed"; }
}

# keep FILE…: copy screenshots for a person to look at when LLOYD_GUI_KEEP is set.
keep () {
  [ -n "${LLOYD_GUI_KEEP:-}" ] || return 0
  mkdir -p "$LLOYD_GUI_KEEP" && cp "$@" "$LLOYD_GUI_KEEP"/
}
