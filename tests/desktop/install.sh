#!/bin/sh
# install.sh — `meson install --destdir` puts every file where a distribution expects it,
# and the installed programs find their data and translations at run time.
# Env (from tests/desktop/meson.build): LLOYD_BUILDDIR LLOYD_SRCDIR BINDIR DATADIR
#   LOCALEDIR PKGDATADIR APP_ID GUI (true/false); optional GUI_SESSION.
# The run-time part needs a private mount namespace (unshare, as root): inside it the
# staged data directory replaces DATADIR and the source tree's datasets are hidden, so
# the only copies the programs can find are the installed ones. Without unshare that part
# is skipped and said so.
set -u
: "${LLOYD_BUILDDIR:?}" "${LLOYD_SRCDIR:?}" "${BINDIR:?}" "${DATADIR:?}" "${LOCALEDIR:?}" "${PKGDATADIR:?}" "${APP_ID:?}" "${GUI:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
status=0

meson install -C "$LLOYD_BUILDDIR" --no-rebuild --quiet --destdir "$stage" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; echo "FAIL: meson install"; exit 1; }

have () {
  if [ -f "$stage$1" ]; then echo "ok: $1"; else echo "FAIL: $1 was not installed"; status=1; fi
}
have "$BINDIR/lloyd-cli"
have "$LOCALEDIR/fr/LC_MESSAGES/lloyd.mo"
for f in "$LLOYD_SRCDIR"/data/datasets/*; do
  have "$PKGDATADIR/datasets/${f##*/}"
done
if [ "$GUI" = true ]; then
  have "$BINDIR/lloyd"
  have "$DATADIR/applications/$APP_ID.desktop"
  have "$DATADIR/metainfo/$APP_ID.metainfo.xml"
  have "$DATADIR/icons/hicolor/scalable/apps/$APP_ID.svg"
  have "$DATADIR/icons/hicolor/symbolic/apps/$APP_ID-symbolic.svg"
  have "$DATADIR/glib-2.0/schemas/$APP_ID.gschema.xml"
  desktop-file-validate "$stage$DATADIR/applications/$APP_ID.desktop" || status=1
  exec_bin=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$stage$DATADIR/applications/$APP_ID.desktop")
  [ -x "$stage$BINDIR/$exec_bin" ] || { echo "FAIL: the desktop file runs $exec_bin, not installed in $BINDIR"; status=1; }
  # What the post-install step does on a real system (meson skips it with --destdir).
  glib-compile-schemas --strict "$stage$DATADIR/glib-2.0/schemas" || status=1
fi
[ $status -eq 0 ] || exit $status

if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null || [ ! -d "$DATADIR" ]; then
  echo "skipped: the run-time check needs root, unshare -m and an existing $DATADIR"
  exit 0
fi
mkdir -p "$tmp/empty"
cat >"$tmp/inside.sh" <<INSIDE
set -u
mount --bind "$stage$DATADIR" "$DATADIR" || exit 1
mount --bind "$tmp/empty" "$LLOYD_SRCDIR/data/datasets" || exit 1
unset LLOYD_DATADIR LLOYD_LOCALEDIR GSETTINGS_SCHEMA_DIR
export LC_ALL=C.UTF-8
status=0
out=\$(LANGUAGE=fr "$stage$BINDIR/lloyd-cli" --help)
case \$out in
  *Utilisation*) echo "ok: the installed lloyd-cli speaks French from $LOCALEDIR" ;;
  *) echo "FAIL: the installed lloyd-cli did not find its French catalogue:"; echo "\$out"; status=1 ;;
esac
if out=\$("$stage$BINDIR/lloyd-cli" info "$PKGDATADIR/datasets/iris.csv" 2>&1); then
  echo "ok: the installed lloyd-cli reads $PKGDATADIR/datasets/iris.csv"
else
  echo "FAIL: lloyd-cli info on the installed iris.csv:"; echo "\$out"; status=1
fi
if [ "$GUI" = true ] && [ -x "${GUI_SESSION:-}" ] && command -v strace >/dev/null; then
  # The app looks for a demo in LLOYD_DATADIR, PKGDATADIR, then the source tree; only
  # the installed copy is visible here, so opening it is the proof.
  timeout 170 "$GUI_SESSION" --app-id "$APP_ID" --timeout 60 --log "$tmp/app.log" -- \\
    strace -f -qq -e trace=openat -o "$tmp/trace" "$stage$BINDIR/lloyd" --demo iris >"$tmp/session.log" 2>&1 ||
    { echo "FAIL: the installed lloyd did not run:"; cat "$tmp/session.log" "$tmp/app.log"; status=1; }
  if grep -q "\"$PKGDATADIR/datasets/iris.csv\".* = [0-9]" "$tmp/trace"; then
    echo "ok: the installed lloyd opened $PKGDATADIR/datasets/iris.csv"
  else
    echo "FAIL: the installed lloyd never opened $PKGDATADIR/datasets/iris.csv"; grep -i iris "$tmp/trace"; status=1
  fi
else
  echo "skipped: the installed app's run (needs the app, gui-session and strace)"
fi
exit \$status
INSIDE
unshare -m sh "$tmp/inside.sh"
