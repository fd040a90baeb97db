#!/usr/bin/env bash
# test-kdd.sh — the 494,021-row KDD Cup file: loaded with app.open-path on the
# worker, then run to convergence; while the fit runs the window must still answer
# actions (a view switch, then Cancel, which only has an effect if the fit was
# still running). LLOYD_TEST_WORKER_HOLD=model (test only, lloyd-worker.c) holds
# the fit until Cancel arrives, so that does not depend on the machine's speed.
# The window screenshot taken mid-fit must show the window.
source "$(dirname "$0")/lib.sh"
KDD=${LLOYD_SHARED:?}/data/kddcup.data_10_percent.gz
[ -r "$KDD" ] || { echo "SKIP: $KDD missing"; exit 77; }

LLOYD_TEST_WORKER_HOLD=model session --screenshot "$OUT/window.png" \
  --action "app.open-path:'$KDD'" --sleep 15 \
  --action "win.set-k:23" --action "win.set-init:'random'" \
  --action win.run \
  --action "win.show-view:'clusters'" --shot "$OUT/busy.png" \
  --action win.cancel --sleep 2 \
  --action "win.export-figure:'$OUT/kdd.png'"

grep "Loaded " "$OUT/app.log" || true
grep -q "Loaded kddcup.data_10_percent.gz: 494021 rows" "$OUT/app.log" \
  || { cat "$OUT/app.log" >&2; fail "the file was not loaded in time"; }
# The cancel reached a fit that was still running: the app answered while busy.
grep -q "LLOYD_TEST_WORKER_HOLD: the model job waits for Cancel" "$OUT/app.log" \
  || { cat "$OUT/app.log" >&2; fail "the fit was not held"; }
grep -q "Cancelled after iteration" "$OUT/app.log" \
  || { cat "$OUT/app.log" >&2; fail "the fit was not running when the app answered"; }
run_t=$(sed -n "s/.*\[ *\([0-9.]*\)s\] step --action 'win.run' done.*/\1/p" "$OUT/session.log")
view_t=$(sed -n "s/.*\[ *\([0-9.]*\)s\] step --action 'win.show-view.*done.*/\1/p" "$OUT/session.log")
awk -v a="$run_t" -v b="$view_t" 'BEGIN { printf "info: win.show-view answered %.2f s after win.run returned (0.3 s settle removed)\n", b - a - 0.3 }'
check_png "$OUT/busy.png" 1000 600
check_png "$OUT/window.png" 1000 600
check_png "$OUT/kdd.png" 300 200
keep "$OUT"/*.png


# Quitting mid-load must be clean: gui-session fails (exit 7) if the app crashes,
# hangs or exits non-zero when asked to quit while the worker still parses.
session --action "app.open-path:'$KDD'" --sleep 1
echo "ok: quit while loading"
echo "ok: kdd"
