#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the flatpak-builder manifest against the meson project.

flatpak-builder cannot run offline, so this catches the mistakes that would otherwise
only show on a build machine: an app ID or command that drifted from meson, a sandbox
hole nobody reviewed, an unpinned download, or the project not built last.

Usage:
  check-flatpak-manifest.py --manifest FILE --app-id ID --binary NAME [--binary NAME]...
                            [--metainfo FILE]
  check-flatpak-manifest.py --self-test

Exits 0 when every check passes, 1 otherwise (each problem on its own line).
Standard library only.
"""

import argparse
import copy
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

# The sandbox the app needs, no more: the network for HTTP sync, Avahi on the system
# bus for mDNS, and a display. Widening it is a review decision: change it here too.
ALLOWED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--system-talk-name=org.freedesktop.Avahi",
}

ARCHIVE_SOURCE_TYPES = {"archive", "file"}
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def strip_json_comments(text):
    """Remove /* */ and // comments, which flatpak-builder (json-glib) accepts."""
    out = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
            i += 1
        elif c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ValueError("unterminated /* comment")
            out.append("\n" * text.count("\n", i, end + 2))  # keep line numbers
            i = end + 2
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        else:
            out.append(c)
            i += 1
    return "".join(out)


def load_manifest(path):
    with open(path, encoding="utf-8") as f:
        return json.loads(strip_json_comments(f.read()))


def flatten_modules(modules, base_dir, problems):
    """Yield (module, base_dir) depth-first, dependencies before their dependents."""
    for module in modules:
        if isinstance(module, str):
            # A module kept in its own file, relative to the manifest.
            path = os.path.join(base_dir, module)
            try:
                module = load_manifest(path)
            except (OSError, ValueError) as e:
                problems.append(f"module file {module}: {e}")
                continue
            sub_base = os.path.dirname(path)
        else:
            sub_base = base_dir
        yield from flatten_modules(module.get("modules", []), sub_base, problems)
        yield module, sub_base


def metainfo_binaries(path):
    root = ET.parse(path).getroot()
    return {b.text.strip() for b in root.findall("./provides/binary") if b.text}


def check(manifest, app_id, binaries, base_dir=".", provided_binaries=None):
    """Return the list of problems found in the parsed manifest."""
    problems = []

    manifest_id = manifest.get("app-id", manifest.get("id"))
    if manifest_id != app_id:
        problems.append(f"app-id is {manifest_id!r}, meson's app_id is {app_id!r}")

    runtime, sdk = manifest.get("runtime"), manifest.get("sdk")
    if runtime != "org.gnome.Platform" or sdk != "org.gnome.Sdk":
        problems.append(f"runtime/sdk are {runtime!r}/{sdk!r}, "
                        "expected org.gnome.Platform/org.gnome.Sdk")
    if not manifest.get("runtime-version"):
        problems.append("runtime-version is not set")

    command = manifest.get("command")
    if command not in binaries:
        problems.append(f"command {command!r} is not a binary the meson project builds "
                        f"({', '.join(sorted(binaries))})")
    if provided_binaries is not None and command not in provided_binaries:
        problems.append(f"command {command!r} is not listed in the metainfo <provides>")

    finish_args = manifest.get("finish-args", [])
    if len(finish_args) != len(set(finish_args)):
        problems.append("finish-args has duplicates")
    extra = set(finish_args) - ALLOWED_FINISH_ARGS
    missing = ALLOWED_FINISH_ARGS - set(finish_args)
    if extra:
        problems.append(f"finish-args not allowed: {', '.join(sorted(extra))}")
    if missing:
        problems.append(f"finish-args missing: {', '.join(sorted(missing))}")

    modules = list(flatten_modules(manifest.get("modules", []), base_dir, problems))
    if not modules:
        problems.append("no modules")
        return problems

    for module, _ in modules:
        name = module.get("name", "<unnamed>")
        for source in module.get("sources", []):
            if isinstance(source, str):
                continue  # a sources file; its own checks belong to its author
            kind = source.get("type")
            if kind in ARCHIVE_SOURCE_TYPES and "url" in source:
                sha = source.get("sha256", "")
                if not SHA256_RE.match(sha):
                    problems.append(f"module {name}: {source.get('url')} has no valid sha256 "
                                    "(64 lowercase hex characters)")
            elif kind == "git" and not (source.get("commit") or source.get("tag")):
                problems.append(f"module {name}: git source {source.get('url')} "
                                "is pinned to neither a commit nor a tag")

    last = manifest.get("modules", [])[-1]
    if isinstance(last, str):
        problems.append("the last module must be the project itself, inline")
    else:
        dirs = [s for s in last.get("sources", [])
                if isinstance(s, dict) and s.get("type") == "dir"]
        if last.get("buildsystem") != "meson":
            problems.append(f"last module {last.get('name')!r} is not built with meson")
        if [s.get("path") for s in dirs] != [".."] or len(last.get("sources", [])) != 1:
            problems.append(f"last module {last.get('name')!r} must have exactly one "
                            "source: {\"type\": \"dir\", \"path\": \"..\"}")
    return problems


GOOD = {
    "app-id": "org.example.App",
    "runtime": "org.gnome.Platform",
    "runtime-version": "47",
    "sdk": "org.gnome.Sdk",
    "command": "app",
    "finish-args": sorted(ALLOWED_FINISH_ARGS),
    "modules": [
        {"name": "dep", "sources": [{"type": "archive", "url": "https://example.org/d.tar.gz",
                                     "sha256": "0" * 64}]},
        {"name": "app", "buildsystem": "meson", "sources": [{"type": "dir", "path": ".."}]},
    ],
}


def self_test():
    """Each mutation of a good manifest must be caught; the good one must pass."""
    def mutate(fn):
        m = copy.deepcopy(GOOD)
        fn(m)
        return m

    cases = {
        "good": (GOOD, False),
        "wrong app-id": (mutate(lambda m: m.update({"app-id": "org.example.Other"})), True),
        "unknown command": (mutate(lambda m: m.update({"command": "other"})), True),
        "extra finish-arg": (mutate(lambda m: m["finish-args"].append("--filesystem=home")), True),
        "missing finish-arg": (mutate(lambda m: m["finish-args"].remove("--device=dri")), True),
        "duplicate finish-arg": (mutate(lambda m: m["finish-args"].append("--share=ipc")), True),
        "no sha256": (mutate(lambda m: m["modules"][0]["sources"][0].pop("sha256")), True),
        "short sha256": (mutate(lambda m: m["modules"][0]["sources"][0]
                                .update({"sha256": "abc"})), True),
        "unpinned git": (mutate(lambda m: m["modules"][0]["sources"]
                                .append({"type": "git", "url": "https://example.org/x.git"})),
                         True),
        "nested unpinned archive": (mutate(lambda m: m["modules"][0].update(
            {"modules": [{"name": "n", "sources": [{"type": "file",
                                                     "url": "https://example.org/f"}]}]})), True),
        "project not last": (mutate(lambda m: m["modules"].reverse()), True),
        "project not meson": (mutate(lambda m: m["modules"][-1]
                                     .update({"buildsystem": "cmake"})), True),
        "project dir wrong": (mutate(lambda m: m["modules"][-1]["sources"][0]
                                     .update({"path": "."})), True),
    }
    failed = 0
    print(f"1..{len(cases) + 1}")  # TAP plan: the cases and the comment-stripping check
    for name, (manifest, should_fail) in cases.items():
        problems = check(manifest, "org.example.App", {"app", "app-cli"})
        if bool(problems) != should_fail:
            failed += 1
            print(f"not ok - {name}: {problems or 'no problem found'}")
        else:
            print(f"ok - {name}")

    text = '{ /* a "comment" */ "a": "x/*y*/", // line\n "b": "c\\"//d" }'
    if json.loads(strip_json_comments(text)) != {"a": "x/*y*/", "b": 'c"//d'}:
        failed += 1
        print("not ok - comment stripping")
    else:
        print("ok - comment stripping")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest")
    parser.add_argument("--app-id")
    parser.add_argument("--binary", action="append", default=[],
                        help="a binary the meson project installs (repeatable)")
    parser.add_argument("--metainfo", help="metainfo whose <provides> must list the command")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()

    if args.self_test:
        return self_test()
    if not (args.manifest and args.app_id and args.binary):
        parser.error("--manifest, --app-id and at least one --binary are required")

    try:
        manifest = load_manifest(args.manifest)
        provided = metainfo_binaries(args.metainfo) if args.metainfo else None
    except (OSError, ValueError, ET.ParseError) as e:
        print(f"{args.manifest}: {e}", file=sys.stderr)
        return 1

    problems = check(manifest, args.app_id, set(args.binary),
                     os.path.dirname(os.path.abspath(args.manifest)), provided)
    for p in problems:
        print(f"{args.manifest}: {p}", file=sys.stderr)
    if not problems:
        print(f"{args.manifest}: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
