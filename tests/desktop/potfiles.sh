#!/bin/sh
# potfiles.sh SRCDIR — po/POTFILES lists exactly the source files with translatable
# strings: every listed file exists, and every C or .ui file under src/ and ui/ that
# marks a string (_(), N_(), C_(), NC_(), ngettext, translatable="yes") is listed.
set -u
top=${1:?usage: potfiles.sh SRCDIR}
cd "$top" || exit 2
listed=$(mktemp) marked=$(mktemp)
trap 'rm -f "$listed" "$marked"' EXIT

grep -v -e '^#' -e '^[[:space:]]*$' po/POTFILES | sort -u >"$listed"
status=0
while read -r f; do
  [ -f "$f" ] || { echo "po/POTFILES lists $f, which does not exist"; status=1; }
done <"$listed"

{
  grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g?_?d?n?gettext|g_dpgettext2?)[[:space:]]*\(' src --include='*.c' --include='*.h'
  grep -rl 'translatable="yes"' ui src --include='*.ui'
} | sort -u >"$marked"
missing=$(comm -13 "$listed" "$marked")
if [ -n "$missing" ]; then
  echo "these files mark strings for translation but are not in po/POTFILES:"
  echo "$missing"
  status=1
fi
[ $status -eq 0 ] && echo "po/POTFILES: $(wc -l <"$listed") files, complete"
exit $status
