#!/bin/sh
# check-complete.sh SOURCE_ROOT LANG — is LANG.po complete for the strings the sources
# hold today? (msgfmt --check only sees the .po itself: a string added to the code
# and never merged would slip through.) Extracts a fresh template the way the
# buurtnet-pot target does, merges, and lists every untranslated or fuzzy message.
set -eu
root=$1; lang=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"
# A source file with translatable strings that POTFILES.in does not list would
# leave its strings out of every catalogue, unnoticed.
unlisted=$(grep -lE '(^|[^a-z_])(N?C?_|g_dngettext|ngettext) ?\("' src/*/*.c src/*/*.ui 2>/dev/null \
  | grep -vxF -f po/POTFILES.in || true)
if [ -n "$unlisted" ]; then
  echo "$lang: translatable strings in files po/POTFILES.in does not list:"
  echo "$unlisted"
  exit 1
fi
xgettext --package-name=buurtnet --files-from=po/POTFILES.in --directory="$root" \
  --output="$tmp/buurtnet.pot" --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format 2>"$tmp/xgettext.err" || { cat "$tmp/xgettext.err"; exit 1; }
msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/buurtnet.pot" -o "$tmp/merged.po"
msgattrib --untranslated "$tmp/merged.po" -o "$tmp/missing.po"
msgattrib --only-fuzzy "$tmp/merged.po" -o "$tmp/fuzzy.po"
missing=$(grep -c '^msgid ' "$tmp/missing.po" 2>/dev/null || true)
fuzzy=$(grep -c '^msgid ' "$tmp/fuzzy.po" 2>/dev/null || true)
# Each file holds the header's empty msgid when it holds anything at all.
[ "${missing:-0}" -gt 0 ] && missing=$((missing - 1))
[ "${fuzzy:-0}" -gt 0 ] && fuzzy=$((fuzzy - 1))
echo "$lang: ${missing:-0} untranslated, ${fuzzy:-0} fuzzy against the current sources"
if [ "${missing:-0}" -ne 0 ] || [ "${fuzzy:-0}" -ne 0 ]; then
  grep -hE "^(#:|msgid|msgctxt)" "$tmp/missing.po" "$tmp/fuzzy.po" 2>/dev/null | head -80
  exit 1
fi
