#!/usr/bin/env bash
# test-normal.sh — a set of normal labels (the digits tutorial: normal 2–9,
# anomalous 0–1): choose the set with win.set-normal-labels, fit on those rows
# only, and check what the app did with them: the rows it fitted on (its log),
# the assignments it exports (at the 100th percentile no row labelled 2–9 can be
# flagged, some 0s and 1s are) and the Labels view exported as PNG.
source "$(dirname "$0")/lib.sh"

session --screenshot "$OUT/window-normal.png" \
  --action "app.load-demo:'digits'" --sleep 3 \
  --action "win.set-normal-label:'seven'" --action "win.set-normal-label:'3'" \
  --action "win.set-normal-labels:['2','3','4','5','6','7','8','9']" \
  --action "win.fit-normal" --sleep 3 \
  --action "win.set-k:10" --action "win.set-init:'kmeans++'" --action win.run --sleep 2 \
  --action "win.set-threshold-mode:'percentile'" --action "win.set-threshold:100.0" \
  --action "win.show-view:'labels'" --action "win.export-figure:'$OUT/normal-labels.png'" \
  --action "win.export-assignments:'$OUT/assignments.csv'"

# A label the data lacks is refused with a message, and changes nothing.
grep -q "digits.csv: no row is labelled “seven”" "$OUT/app.log" \
  || { cat "$OUT/app.log" >&2; fail "an unknown normal label was not refused"; }
# 1,797 digits, of which 178 zeros and 182 ones: 1,437 rows labelled 2–9.
grep -q "Fitting on 1437 rows labelled 2,3,4,5,6,7,8,9" "$OUT/app.log" \
  || { cat "$OUT/app.log" >&2; fail "the model was not fitted on the rows labelled 2–9"; }
echo "ok: fitted on the 1437 rows labelled 2–9"
[ "$(wc -l < "$OUT/assignments.csv")" -eq 1798 ] || fail "assignments.csv has $(wc -l < "$OUT/assignments.csv") lines"
head -n 1 "$OUT/assignments.csv" | grep -qx "row,cluster,distance,flagged,label" || fail "assignments.csv header"
read -r normal_flagged anomalous_flagged < <(awk -F, 'NR > 1 && $4 == 1 { if ($5 >= 2) n++; else a++ }
  END { print n + 0, a + 0 }' "$OUT/assignments.csv")
[ "$normal_flagged" -eq 0 ] || fail "$normal_flagged rows labelled 2–9 flagged at the 100th percentile of their own distances"
[ "$anomalous_flagged" -gt 0 ] || fail "no 0 or 1 flagged"
echo "ok: flagged $anomalous_flagged of the 360 zeros and ones, no 2–9"
check_png "$OUT/normal-labels.png" 300 200
# The export is the window's Labels view at its own size (1400×900 screen).
read -r w h < <(identify -format '%w %h\n' "$OUT/normal-labels.png")
[ "$w" -ge 700 ] && [ "$h" -ge 400 ] || fail "normal-labels.png is ${w}x$h"
check_png "$OUT/window-normal.png" 1000 600
grep -q "CRITICAL\|WARNING" "$OUT/app.log" && { cat "$OUT/app.log" >&2; fail "the app logged warnings"; }
keep "$OUT"/*.png
echo "ok: normal"
