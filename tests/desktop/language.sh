#!/bin/sh
# language.sh SRCDIR — lloyd-cli and lloyd switch to French with LANGUAGE=fr, using the
# catalogues of this build ($LLOYD_LOCALEDIR = BUILDDIR/po), and stay English without it.
# Each class of user-visible text is probed once, so that a class left unmarked fails
# here: help, usage errors, core errors (GError from src/core), column kinds, stop
# reasons, and the figure titles lloyd-cli passes to the renderers (read back from
# the PNG Title chunk, which holds the title the figure was drawn with).
# Env: LLOYD_CLI (required), LLOYD (optional: the app, when built), LLOYD_LOCALEDIR.
set -u
: "${LLOYD_CLI:?}" "${LLOYD_LOCALEDIR:?}"
top=${1:?usage: language.sh SRCDIR}
iris=$top/data/datasets/iris.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -f "$LLOYD_LOCALEDIR/fr/LC_MESSAGES/lloyd.mo" ] ||
  { echo "no French catalogue in $LLOYD_LOCALEDIR"; exit 1; }
# LANGUAGE is ignored in the plain C locale; C.UTF-8 is always there.
export LC_ALL=C.UTF-8 LLOYD_LOCALEDIR
status=0

# expect WHAT TEXT OUTPUT: OUTPUT must contain TEXT.
expect () {
  case $3 in
    *"$2"*) echo "ok: $1" ;;
    *) printf 'FAIL: %s: expected “%s” in:\n%s\n' "$1" "$2" "$3"; status=1 ;;
  esac
}

out=$(LANGUAGE=fr "$LLOYD_CLI" --help)
expect "lloyd-cli --help in French" "Utilisation" "$out"
expect "lloyd-cli --help in French" "Commandes" "$out"
out=$(LANGUAGE=fr "$LLOYD_CLI" no-such-command 2>&1)
expect "lloyd-cli error in French" "no-such-command" "$out"
expect "lloyd-cli error in French" "inconnue" "$out"
out=$(LANGUAGE=en "$LLOYD_CLI" --help)
expect "lloyd-cli --help in English" "Usage: lloyd-cli" "$out"

# Column kinds and headings of `info`; its --json keeps the identifiers.
out=$(LANGUAGE=fr "$LLOYD_CLI" info "$iris")
expect "lloyd-cli info column kinds in French" "numérique" "$(printf '%s\n' "$out" | grep sepal_length)"
expect "lloyd-cli info headings in French" "écart type" "$out"
out=$(LANGUAGE=fr "$LLOYD_CLI" info --json "$iris")
expect "lloyd-cli info --json untranslated" '"kind" : "numeric"' "$out"
out=$(LANGUAGE=en "$LLOYD_CLI" info "$iris")
expect "lloyd-cli info column kinds in English" "numeric" "$(printf '%s\n' "$out" | grep sepal_length)"

# An error raised in src/core (the gzip reader), and one from the threshold parser.
out=$(LANGUAGE=fr "$LLOYD_CLI" info "$top/tests/data/bad/corrupt.csv.gz" 2>&1)
expect "core error in French" "données compressées corrompues" "$out"
out=$(LANGUAGE=fr "$LLOYD_CLI" fit "$iris" --k 3 --threshold percentile:200 2>&1)
expect "threshold error in French" "doit être compris entre 0 et 100" "$out"
out=$(LANGUAGE=en "$LLOYD_CLI" info "$top/tests/data/bad/corrupt.csv.gz" 2>&1)
expect "core error in English" "corrupt compressed data" "$out"

# The stop reason of a fit cut short after one iteration.
out=$(LANGUAGE=fr "$LLOYD_CLI" fit "$iris" --k 3 --seed 1 --max-iter 1)
expect "stop reason in French" "nombre maximal d’itérations atteint" "$out"

# Figure titles, in the PNG Title chunk (tEXt or, for non-Latin-1 text, iTXt).
# title FILE TEXT: FILE's bytes contain TEXT.
title () {
  if grep -a -q -F "$2" "$1" 2>/dev/null; then echo "ok: $1 says “$2”"
  else echo "FAIL: $1 has no “$2” in its metadata"; status=1; fi
}
if LANGUAGE=fr "$LLOYD_CLI" fit "$iris" --k 3 --seed 1 --figures "$tmp/fr" --frames >/dev/null; then
  title "$tmp/fr/clusters.png" "k-moyennes"
  title "$tmp/fr/labels.png" "Groupes et étiquettes"
  title "$tmp/fr/distances.png" "centile 99 par groupe"
  title "$tmp/fr/frames/frame-001.png" "Itération 0 sur"
else
  echo "FAIL: lloyd-cli fit --figures in French"; status=1
fi
if LANGUAGE=fr "$LLOYD_CLI" elbow "$iris" --k 1:4 --figures "$tmp/fr-elbow" >/dev/null; then
  title "$tmp/fr-elbow/elbow.png" "Coude"
else
  echo "FAIL: lloyd-cli elbow --figures in French"; status=1
fi
if LANGUAGE=en "$LLOYD_CLI" fit "$iris" --k 3 --seed 1 --figures "$tmp/en" >/dev/null; then
  title "$tmp/en/clusters.png" "k-means: 3 clusters"
else
  echo "FAIL: lloyd-cli fit --figures in English"; status=1
fi

if [ -n "${LLOYD:-}" ] && [ -x "$LLOYD" ]; then
  # GApplication parses --help before it opens a display, so no X server is needed.
  out=$(LANGUAGE=fr "$LLOYD" --help 2>&1)
  expect "lloyd --help in French" "Affiche la version et quitte" "$out"
  out=$(LANGUAGE=en "$LLOYD" --help 2>&1)
  expect "lloyd --help in English" "Show the version and exit" "$out"
fi
exit $status
