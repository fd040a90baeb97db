#!/bin/sh
# metainfo.sh METAINFO SRCDIR — the built metainfo passes `appstreamcli validate --no-net
# --strict` (no error, warning or info), and every screenshot it names under
# docs/screenshots/ is in the source tree (the validator does not fetch the URLs, so a
# renamed picture would go unnoticed).
set -u
metainfo=${1:?usage: metainfo.sh METAINFO SRCDIR} top=${2:?usage: metainfo.sh METAINFO SRCDIR}
status=0
appstreamcli validate --no-net --strict --explain "$metainfo" || status=1
shots=$(sed -n 's|.*<image[^>]*>https://raw.githubusercontent.com/lloydlab/lloyd/main/\(docs/screenshots/[^<]*\)</image>.*|\1|p' "$metainfo")
[ -n "$shots" ] || { echo "FAIL: no screenshot under docs/screenshots/ in $metainfo"; status=1; }
for f in $shots; do
  if [ -f "$top/$f" ]; then echo "ok: $f"; else echo "FAIL: the metainfo shows $f, which is not in the tree"; status=1; fi
done
exit $status
