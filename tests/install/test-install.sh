#!/usr/bin/env bash
# meson install into a temporary directory puts everything where a distribution
# expects it; the installed data files validate.
set -u
BUILD_ROOT=${1:?build root}
. "$(dirname "$0")/../cli/tap.sh"

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
prefix=$(meson introspect "$BUILD_ROOT" --buildoptions \
  | /usr/bin/python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
root="$dest$prefix"

if ! meson install -C "$BUILD_ROOT" --no-rebuild --destdir "$dest" --quiet >&2; then
  bail_out "meson install failed"
fi
echo "# installed under $root:" ; (cd "$dest" && find . -type f | sort | sed 's/^/#   /')

has () { [ -e "$root/$1" ]; }
expect "buurtnet-cli is installed" has bin/buurtnet-cli
expect "the buurtnet-cli man page is installed" has share/man/man1/buurtnet-cli.1
expect "the systemd user unit is installed" has lib/systemd/user/buurtnet-serve.service
expect "the systemd unit runs the installed buurtnet-cli" \
  grep -q "ExecStart=$prefix/bin/buurtnet-cli serve" "$root/lib/systemd/user/buurtnet-serve.service"
expect "the firewalld service is installed" has lib/firewalld/services/buurtnet.xml
for lang in nl fr; do
  expect "the $lang translation is installed" has share/locale/$lang/LC_MESSAGES/buurtnet.mo
done
# Where Yelp looks for help:buurtnet, in each language.
for lang in C nl fr; do
  expect "the $lang help is installed where Yelp finds it" has share/help/$lang/buurtnet/index.page
done
expect "the installed Dutch help is in Dutch" \
  grep -q "Ik zie mijn buren niet" "$root/share/help/nl/buurtnet/cant-see-neighbours.page"

if [ -e "$root/bin/buurtnet" ]; then
  expect "the app is installed" has bin/buurtnet
  expect "the desktop file is installed" has share/applications/be.buurtnet.Buurtnet.desktop
  expect "the installed desktop file validates" \
    desktop-file-validate "$root/share/applications/be.buurtnet.Buurtnet.desktop"
  expect "the metainfo is installed" has share/metainfo/be.buurtnet.Buurtnet.metainfo.xml
  expect "the installed metainfo validates" \
    appstreamcli validate --no-net "$root/share/metainfo/be.buurtnet.Buurtnet.metainfo.xml"
  expect "the GSettings schema is installed" has share/glib-2.0/schemas/be.buurtnet.Buurtnet.gschema.xml
  expect "the installed schema compiles" \
    glib-compile-schemas --strict --dry-run "$root/share/glib-2.0/schemas"
  expect "the app icon is installed" has share/icons/hicolor/scalable/apps/be.buurtnet.Buurtnet.svg
  expect "the symbolic app icon is installed" \
    has share/icons/hicolor/symbolic/apps/be.buurtnet.Buurtnet-symbolic.svg
  expect "the buurtnet man page is installed" has share/man/man1/buurtnet.1
  expect "the desktop file is translated to Dutch and French" \
    sh -c "grep -q '^Name\[nl\]=' '$root/share/applications/be.buurtnet.Buurtnet.desktop' && grep -q '^Comment\[fr\]=' '$root/share/applications/be.buurtnet.Buurtnet.desktop'"
else
  echo "# the GTK app is not part of this build (-Dapp=disabled): its files are not expected"
fi
expect "nothing is installed outside the prefix" \
  sh -c "[ -z \"\$(cd '$dest' && find . -type f | grep -v '^.$prefix/')\" ]"

finish
