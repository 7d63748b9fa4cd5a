#!/usr/bin/python3
# check-ui-translatable.py — every text a person reads in the app's .ui files is
# marked for translation (and so reaches po/ and the nl/fr catalogues).
#
#   check-ui-translatable.py FILE.ui...        TAP on stdout
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys
import xml.etree.ElementTree as ET

TEXT_PROPERTIES = {"label", "title", "subtitle", "description", "tooltip-text",
                   "placeholder-text", "text"}
# Not words: names, numbers, example addresses.
ALLOWED = {"192.168.1.20"}

files = sys.argv[1:]
print("1..%d" % len(files))
failed = 0
for n, path in enumerate(files, 1):
    problems = []
    for element in ET.parse(path).iter():
        if element.tag not in ("property", "attribute"):
            continue
        name = element.get("name")
        text = (element.text or "").strip()
        if name not in TEXT_PROPERTIES or not text or text in ALLOWED:
            continue
        if element.get("translatable") != "yes":
            problems.append("%s “%s”" % (name, text))
    if problems:
        failed += 1
        print("not ok %d - %s: not marked translatable: %s" % (n, path, "; ".join(problems)))
    else:
        print("ok %d - %s" % (n, path))
sys.exit(1 if failed else 0)
