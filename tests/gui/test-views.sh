#!/usr/bin/env bash
# test-views.sh — the analysis views on the blobs demo: sweep k, pick k, run, move
# the threshold through its three modes, and export every figure view as PNG; each
# must be a real picture, and the threshold must change the Distances figure.
source "$(dirname "$0")/lib.sh"

shots=()
for v in clusters convergence elbow distances outliers labels centroids; do
  shots+=(--action "win.show-view:'$v'" --action "win.export-figure:'$OUT/$v.png'")
done
session --screenshot "$OUT/window.png" \
  --action "app.load-demo:'blobs'" --sleep 1.5 \
  --action win.sweep --sleep 4 \
  --action "win.set-k:3" --action "win.set-init:'k-means++'" --action win.run \
  --action "win.set-threshold-mode:'percentile'" --action "win.set-threshold:99.0" \
  "${shots[@]}" \
  --action "win.set-threshold:80.0" --action "win.show-view:'distances'" \
  --action "win.export-figure:'$OUT/distances-80.png'" --shot "$OUT/window-distances.png" \
  --action "win.set-threshold-mode:'farthest'" --action "win.set-threshold:10.0" \
  --action "win.export-figure:'$OUT/distances-far.png'" \
  --action "win.set-threshold-mode:'distance'" --action "win.set-threshold:1.5" \
  --action "win.export-figure:'$OUT/distances-fixed.png'" \
  --action "win.show-view:'labels'" --shot "$OUT/window-labels.png" \
  --action "win.show-view:'clusters'" \
  --action "win.export-assignments:'$OUT/assignments.csv'" --action "win.export-model:'$OUT/model.json'" \
  --action "win.set-threshold-mode:'percentile'" --action "win.set-threshold:100.0" \
  --action win.fit-normal --sleep 1 --action win.run --action "win.show-view:'labels'" \
  --action "win.export-figure:'$OUT/fit-normal-labels.png'" --shot "$OUT/window-fit-normal.png"

for v in clusters convergence elbow distances outliers labels centroids; do
  check_png "$OUT/$v.png" 300 200
done
check_png "$OUT/window.png" 1000 600
# One line per row plus the header; the model file is a Lloyd model.
[ "$(wc -l < "$OUT/assignments.csv")" -eq 361 ] || fail "assignments.csv has $(wc -l < "$OUT/assignments.csv") lines, expected 361"
head -n 1 "$OUT/assignments.csv" | grep -qx "row,cluster,distance,flagged,label" || fail "assignments.csv header"
grep -q '"format" *: *"lloyd-model"' "$OUT/model.json" || fail "model.json is not a Lloyd model"
echo "ok: assignments and model written"
differs "$OUT/distances.png" "$OUT/distances-80.png"
differs "$OUT/distances-80.png" "$OUT/distances-far.png"
differs "$OUT/distances-far.png" "$OUT/distances-fixed.png"
grep -q "CRITICAL\|WARNING" "$OUT/app.log" && { cat "$OUT/app.log" >&2; fail "the app logged warnings"; }

# Digits: 64 pixel features, so the Centroids view draws each centroid as an image.
session --action "app.load-demo:'digits'" --sleep 3 \
  --action "win.set-k:10" --action "win.set-init:'kmeans++'" --action win.run --sleep 2 \
  --action "win.show-view:'centroids'" --action "win.export-figure:'$OUT/digits-centroids.png'" \
  --action "win.show-view:'labels'" --action "win.export-figure:'$OUT/digits-labels.png'" \
  --shot "$OUT/window-digits.png"
check_png "$OUT/digits-centroids.png" 300 200
check_png "$OUT/digits-labels.png" 300 200
grep -q "CRITICAL\|WARNING" "$OUT/app.log" && { cat "$OUT/app.log" >&2; fail "the app logged warnings"; }

# Clicking a k on the Elbow view loads the model the sweep measured: the sweep's
# seed comes back (here after the seed was changed), so the model is the same as
# a fit of that k with it. (677,545) is k = 4 on the elbow plot at the default
# window size.
session --screenshot "$OUT/elbow-click.png" \
  --action "app.load-demo:'blobs'" --sleep 1.5 \
  --action "win.set-seed:uint64 5" --action "win.set-k:4" --action win.run --sleep 1 \
  --action "win.export-model:'$OUT/fit-k4.json'" \
  --action "win.set-k:3" --action win.sweep --sleep 4 --action "win.show-view:'elbow'" \
  --action "win.set-seed:uint64 99" --click 677,545 --sleep 2 \
  --action "win.export-model:'$OUT/clicked-k4.json'"
grep -q '"k" : 4' "$OUT/clicked-k4.json" || fail "the click on k = 4 did not load k = 4"
cmp -s "$OUT/fit-k4.json" "$OUT/clicked-k4.json" || { diff "$OUT/fit-k4.json" "$OUT/clicked-k4.json" >&2; fail "the clicked k is not the sweep's model"; }
echo "ok: a click on the elbow loads the sweep's model"

# A click on a point of the Clusters view opens its popover. Where to click comes
# from the app itself: win.show-row points at a row as the outliers table does,
# and with G_MESSAGES_DEBUG=Lloyd the app logs where in the window that row is.
# The row is the farthest from its centroid (a lone point) of the fit above;
# --root screenshots, because the popover is a surface of its own.
far=$(awk -F, 'NR > 1 && (best == "" || $3 > max) { max = $3; best = $1 } END { print best }' "$OUT/assignments.csv")
fit_blobs=(--action "app.load-demo:'blobs'" --sleep 1.5
           --action "win.set-k:3" --action "win.set-init:'k-means++'" --action win.run --sleep 1)
G_MESSAGES_DEBUG=Lloyd session --root "${fit_blobs[@]}" --action "win.show-row:uint64 $far" --sleep 1 \
  --shot "$OUT/show-row.png"
where=$(sed -n "s/.*Row $far shown at \([0-9]*,[0-9]*\) in the window.*/\1/p" "$OUT/app.log" | tail -n 1)
[ -n "$where" ] || { cat "$OUT/app.log" >&2; fail "win.show-row:$far did not point at row $far"; }
G_MESSAGES_DEBUG=Lloyd session --root "${fit_blobs[@]}" --action "win.show-view:'clusters'" --sleep 6.5 \
  --shot "$OUT/before-click.png" --click "$where" --sleep 1 --shot "$OUT/after-click.png"
grep -q "Row $far shown at $where in the window" "$OUT/app.log" \
  || { cat "$OUT/app.log" >&2; fail "a click at $where did not show row $far"; }
# The toast of the fit has gone by the first shot, so only the popover differs.
differs "$OUT/before-click.png" "$OUT/after-click.png"
grep -q "CRITICAL\|WARNING" "$OUT/app.log" && { cat "$OUT/app.log" >&2; fail "the app logged warnings"; }
echo "ok: a click at $where shows row $far in a popover"
keep "$OUT"/*.png
echo "ok: views"
