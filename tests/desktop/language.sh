#!/bin/sh
# language.sh — lloyd-cli and lloyd switch to French with LANGUAGE=fr, using the
# catalogues of this build ($LLOYD_LOCALEDIR = BUILDDIR/po), and stay English without it.
# Env: LLOYD_CLI (required), LLOYD (optional: the app, when built), LLOYD_LOCALEDIR.
set -u
: "${LLOYD_CLI:?}" "${LLOYD_LOCALEDIR:?}"
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

if [ -n "${LLOYD:-}" ] && [ -x "$LLOYD" ]; then
  # GApplication parses --help before it opens a display, so no X server is needed.
  out=$(LANGUAGE=fr "$LLOYD" --help 2>&1)
  expect "lloyd --help in French" "Affiche la version et quitte" "$out"
  out=$(LANGUAGE=en "$LLOYD" --help 2>&1)
  expect "lloyd --help in English" "Show the version and exit" "$out"
fi
exit $status
