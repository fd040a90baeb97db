#!/bin/sh
# po-complete.sh SRCDIR — every language in po/LINGUAS passes `msgfmt -c` with no fuzzy or
# untranslated message, and translates every string the sources listed in po/POTFILES
# mark today (so a new or changed string fails here until po/*.po is updated with
# `meson compile -C BUILDDIR lloyd-update-po` and translated).
set -u
top=${1:?usage: po-complete.sh SRCDIR}
cd "$top" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

xgettext --from-code=UTF-8 --package-name=lloyd -D . -f po/POTFILES -o "$tmp/lloyd.pot" \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 2>"$tmp/xgettext.log" ||
  { cat "$tmp/xgettext.log"; exit 1; }

status=0 n=0
for lang in $(grep -v '^#' po/LINGUAS); do
  n=$((n + 1))
  po=po/$lang.po
  if ! stats=$(msgfmt -c --statistics -o "$tmp/$lang.mo" "$po" 2>&1); then
    echo "$stats"; status=1; continue
  fi
  echo "$po: $stats"
  case $stats in
    *fuzzy*|*untranslated*) echo "$po has fuzzy or untranslated messages"; status=1 ;;
  esac
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.merged.po" "$po" "$tmp/lloyd.pot" || { status=1; continue; }
  msgattrib --untranslated --no-obsolete --no-wrap -o "$tmp/$lang.missing.po" "$tmp/$lang.merged.po"
  # The header is an entry too: more than one msgid means a string lacks its translation.
  count=$(grep -c "^msgid " "$tmp/$lang.missing.po" 2>/dev/null); count=${count:-0}
  if [ "$count" -gt 1 ]; then
    echo "$po does not translate $((count - 1)) strings of the current sources:"
    grep '^msgid "..*"$' "$tmp/$lang.missing.po" | head -40
    echo "(run: meson compile -C BUILDDIR lloyd-update-po, then translate them)"
    status=1
  fi
done
[ $n -gt 0 ] || { echo "po/LINGUAS names no language"; exit 1; }
exit $status
