#!/usr/bin/env python3
"""Checks that every tool in the lint benchmark did the same honest work: that each reports
the tool files the generator made invalid against the tool schema, and no others.

usage: violations.py MANIFEST OUTPUT_DIR RESULT_JSON

OUTPUT_DIR holds one run's output of each tool: steward-lint.json (`steward lint --format
json`), check-jsonschema.json (`check-jsonschema -o json`) and taplo.txt (`taplo lint`, text).
For steward it also checks every injected violation of the manifest, schema and governance,
by file and rule, and that no file outside the manifest has an error.
"""

import json
import re
import sys
from pathlib import Path


def tool_file(path):
    """`policies/tools/x.toml` from whatever form a tool prints a path in."""
    path = path.replace("\\", "/")
    i = path.rfind("policies/tools/")
    return path[i:] if i >= 0 else None


def steward(out, manifest):
    document = json.loads((out / "steward-lint.json").read_text())
    diagnostics = document["diagnostics"]
    flagged = {tool_file(d["file"]) for d in diagnostics if d["rule"].startswith("schema/")} - {None}
    reported = {(d["file"], d["rule"]) for d in diagnostics}
    expected = [
        (path, rule)
        for table in ("schema_violations", "governance_violations")
        for path, rules in manifest[table].items()
        for rule in rules
    ]
    missing = [f"{p} {r}" for p, r in expected if (p, r) not in reported]
    injected = set(manifest["schema_violations"]) | set(manifest["governance_violations"])
    stray = sorted({d["file"] for d in diagnostics if d["severity"] == "error" and d["file"] not in injected})
    by_rule = {}
    for d in diagnostics:
        by_rule[d["rule"]] = by_rule.get(d["rule"], 0) + 1
    extra = {
        "all_injected": len(expected),
        "all_injected_found": len(expected) - len(missing),
        "all_injected_missing": missing[:10],
        "errors_in_files_without_injected_violations": stray[:10],
        "summary": document["summary"],
        "by_rule": dict(sorted(by_rule.items())),
    }
    return flagged, extra


def check_jsonschema(out, manifest):
    text = (out / "check-jsonschema.json").read_text()
    document = json.loads(text[text.index("{"):])
    flagged = {tool_file(e["filename"]) for e in document.get("errors", [])} - {None}
    parse = {tool_file(e.get("filename", "")) for e in document.get("parse_errors", [])} - {None}
    return flagged | parse, {"errors": len(document.get("errors", [])), "parse_errors": len(parse)}


def taplo(out, manifest):
    text = (out / "taplo.txt").read_text(errors="replace")
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    # Diagnostics point at files as `┌─ path:line:column`; log lines name them too.
    flagged = {tool_file(m) for m in re.findall(r"[┌─-]+\s*(\S+?\.toml):\d+:\d+", text)}
    flagged |= {tool_file(m) for m in re.findall(r"path=\"?(\S+?\.toml)", text)}
    flagged -= {None}
    return flagged, {"lines": text.count("\n")}


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    manifest = json.loads(Path(sys.argv[1]).read_text())
    out = Path(sys.argv[2])
    expected = set(manifest["tool_schema_violation_files"])
    results = {}
    for name, parse in (("steward lint", steward), ("check-jsonschema", check_jsonschema), ("taplo lint", taplo)):
        try:
            flagged, extra = parse(out, manifest)
        except (OSError, ValueError, KeyError) as e:
            results[name] = {"error": f"could not read the output: {e}"}
            print(f"   {name}: could not read its output ({e})")
            continue
        found = expected & flagged
        results[name] = {
            "expected": len(expected),
            "found": len(found),
            "false_positives": len(flagged - expected),
            "missed_examples": sorted(expected - flagged)[:5],
            "false_positive_examples": sorted(flagged - expected)[:5],
            **extra,
        }
        print(f"   {name}: flags {len(found)} of the {len(expected)} tool files with injected schema violations, "
              f"{len(flagged - expected)} others")
    s = results.get("steward lint", {})
    if "all_injected" in s:
        print(f"   steward lint: reports {s['all_injected_found']} of the {s['all_injected']} injected violations "
              f"(schema and governance, by file and rule); errors in files without one: "
              f"{len(s['errors_in_files_without_injected_violations'])}")
        for line in s["all_injected_missing"]:
            print(f"     missing: {line}")
    Path(sys.argv[3]).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
