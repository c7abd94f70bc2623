#!/bin/sh
# check-translations.sh: the translation checks of the 'data' test suite.
#
#   check-translations.sh SOURCE_ROOT
#
# Fails (exit status 1) when
#  - po/POTFILES.in is not sorted, names a file that does not exist, or
#    misses a file of src/ or data/ with translatable strings;
#  - msgfmt --check fails on a translation of po/LINGUAS (formats,
#    plural forms, header, accelerators);
#  - a translation has fuzzy entries, or has less than MIN_PERCENT of its
#    messages translated;
#  - (when xgettext and msgmerge are available) xgettext warns about a
#    source file (a message it cannot extract whole), or a translation,
#    merged with the messages the sources have now, is under MIN_PERCENT:
#    the .po files have fallen behind the sources; run
#    `meson compile keyshape-update-po` and translate the new messages.
# Exits 77 (skipped) without msgfmt.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

MIN_PERCENT=${MIN_PERCENT:-90}

if [ $# -ne 1 ] || [ ! -f "$1/po/POTFILES.in" ]; then
  echo "usage: $0 SOURCE_ROOT (the directory holding po/POTFILES.in)" >&2
  exit 2
fi
root=$1
po_dir=$root/po

# Tool output is parsed below: keep it in English.
LC_ALL=C
LANGUAGE=
export LC_ALL LANGUAGE

if ! command -v msgfmt >/dev/null 2>&1; then
  echo "msgfmt (GNU gettext) not found: skipping"
  exit 77
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

fail () {
  echo "FAIL: $*"
  status=1
}

# -- POTFILES.in ------------------------------------------------------------

grep -v -e '^#' -e '^[[:space:]]*$' "$po_dir/POTFILES.in" > "$tmp/potfiles"
if ! sort -c "$tmp/potfiles" 2>"$tmp/sort.err"; then
  fail "po/POTFILES.in is not sorted: $(cat "$tmp/sort.err")"
fi
while IFS= read -r file; do
  [ -f "$root/$file" ] || fail "po/POTFILES.in names $file, which does not exist"
done < "$tmp/potfiles"

# Every file that marks strings for translation must be listed: C sources
# (_(), N_(), C_(), NC_(), g_dngettext() …), UI files, and the data files
# that are merged with the translations.
(
  cd "$root" || exit 2
  find src -type f \( -name '*.c' -o -name '*.h' \) -print | sort | while IFS= read -r file; do
    if grep -qE '(^|[^[:alnum:]_])(_|N_|C_|NC_|Q_|g_dgettext|g_dcgettext|g_dngettext|g_dpgettext2|ngettext)[[:space:]]*\(' "$file"; then
      echo "$file"
    fi
  done
  find src -type f -name '*.ui' -print | sort | while IFS= read -r file; do
    grep -q 'translatable="yes"' "$file" && echo "$file"
  done
  find data -maxdepth 1 -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' \
       -o -name '*.mime.xml.in' -o -name '*.gschema.xml' \) -print
) | sort > "$tmp/needed"
comm -23 "$tmp/needed" "$tmp/potfiles" > "$tmp/unlisted"
while IFS= read -r file; do
  fail "$file has translatable strings but is not in po/POTFILES.in"
done < "$tmp/unlisted"

# -- the translations -------------------------------------------------------

# count KIND FILE: the number msgfmt --statistics reports for KIND
# ("translated message", "fuzzy translation", "untranslated message")
count () {
  n=$(grep -oE "[0-9]+ $1" "$2" | sed -n '1s/ .*//p')
  echo "${n:-0}"
}

# stats PO LABEL STRICT: check one catalog; STRICT=1 also rejects fuzzy entries
stats () {
  if ! msgfmt --check --check-accelerators=_ --statistics -o /dev/null "$1" 2>"$tmp/stats"; then
    sed 's/^/  /' "$tmp/stats"
    fail "$2: msgfmt --check failed"
    return
  fi
  translated=$(count 'translated message' "$tmp/stats")
  fuzzy=$(count 'fuzzy translation' "$tmp/stats")
  untranslated=$(count 'untranslated message' "$tmp/stats")
  total=$((translated + fuzzy + untranslated))
  if [ "$total" -eq 0 ]; then
    fail "$2: no messages"
    return
  fi
  percent=$((translated * 100 / total))
  echo "$2: $translated of $total translated ($percent%), $fuzzy fuzzy, $untranslated untranslated"
  if [ "$3" = 1 ] && [ "$fuzzy" -gt 0 ]; then
    fail "$2: $fuzzy fuzzy entries left over"
  fi
  if [ $((translated * 100)) -lt $((MIN_PERCENT * total)) ]; then
    fail "$2: only $percent% translated, at least $MIN_PERCENT% needed"
  fi
}

languages=$(sed -e 's/#.*//' "$po_dir/LINGUAS" | tr -s '[:space:]' '\n' | grep -v '^$')
if [ -z "$languages" ]; then
  fail "po/LINGUAS lists no language"
fi

# The messages the sources have now, extracted the way meson's glib preset
# does, to tell whether the catalogs have fallen behind.
have_pot=0
if command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1; then
  if (cd "$root" && xgettext --from-code=UTF-8 --add-comments --package-name=keyshape \
        --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
        --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
        --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
        --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
        --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
        --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
        --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
        --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
        --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
        --files-from="$tmp/potfiles" --output="$tmp/keyshape.pot") 2>"$tmp/xgettext.err"; then
    have_pot=1
    # e.g. "%" G_GUINT64_FORMAT inside _(): xgettext sees a cut-off msgid
    # that never matches the string the program looks up
    if grep -q 'warning:' "$tmp/xgettext.err"; then
      sed 's/^/  /' "$tmp/xgettext.err"
      fail "xgettext warns about the sources: the strings it names cannot be translated as written"
    fi
  else
    sed 's/^/  /' "$tmp/xgettext.err"
    fail "xgettext cannot extract the messages of the files in po/POTFILES.in"
  fi
else
  echo "xgettext or msgmerge not found: not checking the catalogs against the sources"
fi

for lang in $languages; do
  po=$po_dir/$lang.po
  if [ ! -f "$po" ]; then
    fail "po/LINGUAS lists $lang, but po/$lang.po does not exist"
    continue
  fi
  stats "$po" "po/$lang.po" 1
  if [ "$have_pot" = 1 ]; then
    if msgmerge --quiet --output-file="$tmp/$lang.po" "$po" "$tmp/keyshape.pot" 2>"$tmp/merge.err"; then
      stats "$tmp/$lang.po" "po/$lang.po merged with the sources" 0
    else
      sed 's/^/  /' "$tmp/merge.err"
      fail "po/$lang.po: msgmerge failed"
    fi
  fi
done

exit $status
