#!/usr/bin/env bash
# test-blobs.sh — the classroom scenario end to end: the blobs demo, k = 3, the
# first rows as centroids, stepping, and exporting the figure as PNG; the exported
# figures and the window screenshot are checked, and must change as k-means moves.
source "$(dirname "$0")/lib.sh"

session --screenshot "$OUT/window.png" \
  --action "app.load-demo:'blobs'" --sleep 1.5 \
  --action "win.set-k:3" --action "win.set-init:'first'" \
  --action win.step --action "win.export-figure:'$OUT/iter1.png'" --shot "$OUT/window1.png" \
  --action win.step --action win.step --action win.step \
  --action "win.export-figure:'$OUT/iter4.png'" \
  --action win.back --action "win.export-figure:'$OUT/back.png'"

check_png "$OUT/iter1.png" 300 200
check_png "$OUT/iter4.png" 300 200
check_png "$OUT/window.png" 1000 600
check_png "$OUT/window1.png" 1000 600
differs "$OUT/iter1.png" "$OUT/iter4.png"
differs "$OUT/back.png" "$OUT/iter4.png"
grep -q "CRITICAL\|WARNING" "$OUT/app.log" && { cat "$OUT/app.log" >&2; fail "the app logged warnings"; }

# The classroom's bad initial centroids: clicks on the plot place them, in the
# projection plane; toggling the mode off starts k-means from them.
session --screenshot "$OUT/placed.png" \
  --action "app.load-demo:'blobs'" --sleep 1.5 \
  --action win.place-centroids --click 520,520 --click 560,540 --click 600,520 \
  --shot "$OUT/placing.png" --action win.place-centroids \
  --action "win.export-figure:'$OUT/placed0.png'" --action win.step \
  --action "win.export-figure:'$OUT/placed1.png'"
check_png "$OUT/placed0.png" 300 200
differs "$OUT/placed0.png" "$OUT/placed1.png"
differs "$OUT/placed1.png" "$OUT/iter1.png"
grep -q "CRITICAL\|WARNING" "$OUT/app.log" && { cat "$OUT/app.log" >&2; fail "the app logged warnings"; }

# A bad file shows its error in the window and keeps the data and model shown.
printf 'a,b\n1,2\n3\n' > "$OUT/bad.csv"
session --screenshot "$OUT/bad.png" \
  --action "app.load-demo:'blobs'" --sleep 1.5 --action "win.set-init:'first'" --action win.step \
  --action "win.export-figure:'$OUT/before-bad.png'" \
  --action "app.open-path:'$OUT/bad.csv'" --sleep 1 \
  --action "win.export-figure:'$OUT/after-bad.png'"
grep -q "bad.csv:3" "$OUT/app.log" || { cat "$OUT/app.log" >&2; fail "the parse error (with its line) was not reported"; }
cmp -s "$OUT/before-bad.png" "$OUT/after-bad.png" || fail "a bad file changed the figure shown"
echo "ok: a bad file keeps the previous data"

# The import dialog previews a file with the real parser (whole screen: it is a
# second window).
session --root --screenshot "$OUT/import.png" --action "win.import:'${LLOYD_SHARED:?}/data/iris.csv'" --sleep 1
check_png "$OUT/import.png" 1000 600
grep -q "CRITICAL\|WARNING" "$OUT/app.log" && { cat "$OUT/app.log" >&2; fail "the app logged warnings"; }
# Space plays and Space pauses, from the keyboard, even when the points moving
# under the resting pointer (the screen's centre, on the digits) open a hover
# popover: that popover must not take the keyboard. Paused, the model stays put.
session --action "app.load-demo:'digits'" --sleep 2 --action "win.set-k:10" \
  --action win.step --action "win.export-model:'$OUT/step-1.json'" \
  --key space --sleep 1.5 --key space --sleep 0.5 --action "win.export-model:'$OUT/paused-a.json'" \
  --sleep 1 --action "win.export-model:'$OUT/paused-b.json'"
cmp -s "$OUT/step-1.json" "$OUT/paused-a.json" && fail "Space did not play: the model did not move"
cmp -s "$OUT/paused-a.json" "$OUT/paused-b.json" || fail "Space did not pause: the model kept moving"
grep -q "CRITICAL\|WARNING" "$OUT/app.log" && { cat "$OUT/app.log" >&2; fail "the app logged warnings"; }
echo "ok: Space plays and pauses"
keep "$OUT"/*.png
echo "ok: blobs"
