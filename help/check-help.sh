#!/bin/sh
# check-help.sh SOURCE_DIR BUILD_DIR PAGE... — the help pages are valid Mallard with no
# broken link, and each language in LINGUAS translates every message of today's pages
# (no untranslated or fuzzy message, msgfmt --check clean), and its built pages are
# valid too. Needs yelp-tools, itstool and gettext (Debian packages).
set -eu
src=$1; build=$2; shift 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
cd "$src"
for tool in yelp-check itstool msgfmt msgmerge msgattrib; do
  command -v "$tool" >/dev/null || { echo "needs $tool (yelp-tools, itstool, gettext)"; exit 1; }
done

pages=""
for page in "$@"; do pages="$pages C/$page"; done
# shellcheck disable=SC2086
yelp-check validate $pages || { echo "C: invalid Mallard"; status=1; }
out=$(yelp-check links C 2>&1) || true
[ -z "$out" ] || { printf 'C: broken links\n%s\n' "$out"; status=1; }
# shellcheck disable=SC2086
itstool -o "$tmp/help.pot" $pages

for lang in $(grep -v '^#' LINGUAS); do
  po=$lang/$lang.po
  msgfmt --check -o /dev/null "$po" || { echo "$lang: msgfmt --check failed"; status=1; continue; }
  msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/help.pot" -o "$tmp/$lang.po"
  msgattrib --untranslated --no-obsolete "$tmp/$lang.po" -o "$tmp/$lang-missing.po"
  msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" -o "$tmp/$lang-fuzzy.po"
  missing=0
  for f in "$tmp/$lang-missing.po" "$tmp/$lang-fuzzy.po"; do
    # msgattrib writes no file when nothing is left; a file holds the header's msgid too.
    [ -s "$f" ] || continue
    missing=$((missing + $(grep -c '^msgid ' "$f") - 1))
  done
  if [ "$missing" -ne 0 ]; then
    echo "$lang: $missing messages of the help not translated (or fuzzy):"
    cat "$tmp/$lang-missing.po" "$tmp/$lang-fuzzy.po" 2>/dev/null | grep '^msgid' | head -40
    status=1
  fi
  built=""
  for page in "$@"; do built="$built $build/$lang/$page"; done
  # shellcheck disable=SC2086
  yelp-check validate $built || { echo "$lang: invalid Mallard after translation"; status=1; }
  echo "$lang: $(grep -c '^msgid ' "$tmp/help.pot") messages checked"
done
exit $status
