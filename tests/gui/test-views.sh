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
keep "$OUT"/*.png
echo "ok: views"
