#!/usr/bin/env python3
# check-json-table.py DOC — the table of texts in docs/protocol.md §5.2, judged
# by Python's own json module with the rules §5.2 adds, against the verdict the
# table gives: a third reading, besides bn-json-read.c and bn-json-check.c
# (test-json checks the code against the same table). TAP.
import json
import math
import sys

MAX_DEPTH = 32
INT64 = (-(2 ** 63), 2 ** 63 - 1)


class NotAPayload(Exception):
    pass


def pairs_once(pairs):
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise NotAPayload("a member named twice")
    return dict(pairs)


def refuse_constant(name):
    raise NotAPayload("not a JSON value: " + name)


def check_string(text):
    if "\0" in text:
        raise NotAPayload("U+0000 in a string")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise NotAPayload("half a surrogate pair")


def check_value(value, depth):
    if isinstance(value, (dict, list)):
        if depth + 1 > MAX_DEPTH:
            raise NotAPayload("nested too deep")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for name, inner in items:
            if isinstance(name, str):
                check_string(name)
            check_value(inner, depth + 1)
    elif isinstance(value, str):
        check_string(value)
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int):
        if not INT64[0] <= value <= INT64[1]:
            raise NotAPayload("an integer past 64 bits")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise NotAPayload("past a double's range")


def is_payload(raw):
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, object_pairs_hook=pairs_once, parse_constant=refuse_constant)
        if not isinstance(value, dict):
            raise NotAPayload("not an object")
        check_value(value, 0)
        return True, None
    except (NotAPayload, ValueError, RecursionError) as e:
        return False, str(e)


def table(doc):
    in_section = False
    for line in open(doc, encoding="utf-8"):
        if line.startswith("#"):
            in_section = line.startswith("### 5.2 ")
        if not in_section or not line.startswith("| `"):
            continue
        end = line.index("` | ")
        verdict = line[end + 4:].split(" |")[0]
        yield line[3:end], verdict


def main():
    rows = list(table(sys.argv[1]))
    print("1..%d" % len(rows))
    failed = 0
    for i, (text, verdict) in enumerate(rows, 1):
        payload, why = is_payload(text.encode("utf-8"))
        said = "payload" if payload else "not a payload"
        ok = said == verdict
        failed += not ok
        print("%s %d %s: the table says %s, Python's json %s%s" %
              ("ok" if ok else "not ok", i, text, verdict, said, "" if why is None else " (" + why + ")"))
    return 1 if failed or len(rows) < 25 else 0


sys.exit(main())
