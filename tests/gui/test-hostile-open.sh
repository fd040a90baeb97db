#!/usr/bin/env bash
# test-hostile-open.sh — every hostile file of tests/data/bad that EXPECTED says must
# fail, plus a directory, a missing file and a FIFO nobody writes to, opened one
# after the other with app.open-path over a loaded and fitted iris. The app must
# keep answering, report each file's error (with its line:column) in the window
# (logged as it is shown), keep the old data and model (the exported figure is the
# same picture before and after), and quit cleanly.
source "$(dirname "$0")/lib.sh"
BAD=${LLOYD_SRCDIR:?}/tests/data/bad
IRIS=${LLOYD_SRCDIR}/data/datasets/iris.csv
[ -r "$BAD/EXPECTED" ] || { echo "SKIP: $BAD/EXPECTED missing"; exit 77; }

mkdir "$OUT/a-directory"
mkfifo "$OUT/silent.fifo"
steps=()
details=()
while IFS=$'\t' read -r file outcome detail; do
  case $file in ''|'#'*) continue ;; esac
  [ "$outcome" = ok ] && continue
  steps+=(--action "app.open-path:'$BAD/$file'" --sleep 0.4)
  details+=("$detail")
done < "$BAD/EXPECTED"
[ ${#details[@]} -ge 25 ] || fail "only ${#details[@]} error files in EXPECTED"

session --screenshot "$OUT/after.png" \
  --action "app.open-path:'$IRIS'" --sleep 2 \
  --action "win.set-k:3" --action "win.set-init:'first'" --action win.run --sleep 2 \
  --action "win.export-figure:'$OUT/before.png'" \
  --action "app.open-path:'$OUT/silent.fifo'" --sleep 0.4 \
  "${steps[@]}" \
  --action "app.open-path:'$OUT/a-directory'" --sleep 0.4 \
  --action "app.open-path:'$OUT/missing.csv'" --sleep 1 \
  --action "win.export-figure:'$OUT/after-figure.png'"

grep -q "Loaded iris.csv" "$OUT/app.log" || { cat "$OUT/app.log" >&2; fail "iris was not loaded"; }
[ "$(grep -c "Loaded " "$OUT/app.log")" -eq 1 ] || { cat "$OUT/app.log" >&2; fail "a hostile file was loaded"; }
missing=0
for detail in "${details[@]}" "a-directory: is a directory" "missing.csv: cannot open"; do
  grep -qF -- "$detail" "$OUT/app.log" || { echo "not reported: $detail" >&2; missing=$((missing + 1)); }
done
[ $missing -eq 0 ] || { cat "$OUT/app.log" >&2; fail "$missing errors were not shown"; }
echo "ok: ${#details[@]} corpus errors, a directory and a missing file reported"
cmp -s "$OUT/before.png" "$OUT/after-figure.png" || fail "a hostile file changed the data or model shown"
echo "ok: the previous data and model are still shown"
check_png "$OUT/after.png" 1000 600
grep -q "CRITICAL" "$OUT/app.log" && { cat "$OUT/app.log" >&2; fail "the app logged criticals"; }
keep "$OUT"/*.png
echo "ok: hostile-open"
