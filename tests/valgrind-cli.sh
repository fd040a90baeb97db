#!/usr/bin/env bash
# tests/valgrind-cli.sh LLOYD-CLI — lloyd-cli under valgrind memcheck on iris and
# the KDD sample: info, fit (with figures, PCA and a saved model), score, elbow.
# Fails on any memory error or definite leak; possible leaks and still-reachable
# blocks (GLib's type system, fontconfig, OpenBLAS thread buffers) are not ours.
# tests/valgrind.supp holds only third-party noise. Skips (77) without valgrind.
set -uo pipefail

cli=${1:?usage: valgrind-cli.sh LLOYD-CLI}
src=${LLOYD_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
if ! command -v valgrind >/dev/null; then
  echo "valgrind is not installed: skipped"
  exit 77
fi

iris=$src/data/datasets/iris.csv
kdd=$src/data/datasets/kddcup-sample.csv.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# run NAME ARGS…: one lloyd-cli command under memcheck.
run () {
  local name=$1; shift
  local log=$tmp/$name.log
  # One OpenBLAS thread: its idle worker threads only slow valgrind down.
  if OPENBLAS_NUM_THREADS=1 valgrind --leak-check=full --errors-for-leak-kinds=definite \
       --show-leak-kinds=definite --error-exitcode=99 --suppressions="$src/tests/valgrind.supp" \
       --log-file="$log" "$cli" "$@" >/dev/null 2>"$tmp/$name.stderr"; then
    echo "ok - $name"
  else
    echo "not ok - $name (exit status $?)"
    cat "$log" "$tmp/$name.stderr"
    failed=1
  fi
}

run info-iris info "$iris"
run fit-iris fit "$iris" --k 3 --pca --figures "$tmp/figures" --save-model "$tmp/iris.json" \
  --out "$tmp/out" --threads 2
run score-iris score --model "$tmp/iris.json" "$iris"
run elbow-iris elbow "$iris" --k 1:6
if [ -f "$kdd" ]; then
  run info-kdd info "$kdd"
  run fit-kdd fit "$kdd" --k 5 --normal-label normal. --threads 2 --json
else
  echo "ok - kdd # SKIP $kdd is missing"
fi
# A bad file: the error path frees what it allocated too.
printf 'a,b\n1,2\n3\n' >"$tmp/ragged.csv"
if OPENBLAS_NUM_THREADS=1 valgrind --leak-check=full --errors-for-leak-kinds=definite \
     --show-leak-kinds=definite --error-exitcode=99 --suppressions="$src/tests/valgrind.supp" \
     --log-file="$tmp/ragged.log" "$cli" fit "$tmp/ragged.csv" --k 2 >/dev/null 2>&1; [ $? -eq 1 ]; then
  echo "ok - fit-ragged"
else
  echo "not ok - fit-ragged (expected exit status 1)"
  cat "$tmp/ragged.log"
  failed=1
fi
exit $failed
