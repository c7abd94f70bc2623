#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a temporary DESTDIR and checks the installed tree:
# binaries, data files (validated), icons, templates, pricing, translations.
set -u
build="$1"
prefix="$2"
app_id="$3"
gui="${4:-false}"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

if ! meson install -C "$build" --no-rebuild --destdir "$dest" >"$dest.log" 2>&1; then
  cat "$dest.log"; rm -f "$dest.log"
  echo "FAIL: meson install"
  exit 1
fi
rm -f "$dest.log"
root="$dest$prefix"
failed=0
need () {
  if [ -e "$root/$1" ]; then echo "ok: $1"; else echo "FAIL: missing $1"; failed=1; fi
}
need bin/keyshape-cli
if [ "$gui" = true ]; then need bin/keyshape; fi
need share/applications/$app_id.desktop
need share/metainfo/$app_id.metainfo.xml
need share/glib-2.0/schemas/org.keyshape.Keyshape.gschema.xml
need share/mime/packages/$app_id.xml
need share/icons/hicolor/scalable/apps/$app_id.svg
need share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg
need share/keyshape/keyshape.schema.json
need share/keyshape/pricing.json
need share/locale/de/LC_MESSAGES/keyshape.mo
need share/locale/es/LC_MESSAGES/keyshape.mo
n=$(ls "$root/share/keyshape/templates/"*.keyshape.json 2>/dev/null | wc -l)
if [ "$n" -ge 12 ]; then echo "ok: $n templates"; else echo "FAIL: $n templates installed"; failed=1; fi
if [ -x "$root/bin/keyshape-cli" ]; then
  for t in "$root/share/keyshape/templates/"*.keyshape.json; do
    LD_LIBRARY_PATH="$root/lib" "$root/bin/keyshape-cli" validate "$t" >/dev/null 2>&1
    [ $? -le 1 ] || { echo "FAIL: installed keyshape-cli cannot read $t"; failed=1; }
  done
fi
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$root/share/applications/$app_id.desktop" || { echo "FAIL: desktop file"; failed=1; }
fi
if command -v appstreamcli >/dev/null 2>&1; then
  appstreamcli validate --no-net "$root/share/metainfo/$app_id.metainfo.xml" >/dev/null || { echo "FAIL: metainfo"; failed=1; }
fi
if command -v glib-compile-schemas >/dev/null 2>&1; then
  glib-compile-schemas --strict --dry-run "$root/share/glib-2.0/schemas" || { echo "FAIL: schemas"; failed=1; }
fi
exit $failed
