#!/usr/bin/env python3
"""Assembles the benchmark's markdown report from hyperfine's JSON exports, GNU time's
reports and the violation check.

usage: report.py RESULTS_DIR LINT_MANIFEST > results.md
"""

import json
import re
import sys
from pathlib import Path


def slug(name):
    return re.sub(r"[^A-Za-z0-9]", "-", name)


def load_meta(res):
    meta, commands = {}, {}
    for line in (res / "meta.txt").read_text().splitlines():
        key, _, value = line.partition("=")
        if key.startswith("cmd:"):
            commands[key[4:]] = value
        else:
            meta[key] = value
    return meta, commands


def hyperfine(res, group):
    path = res / f"{group}.json"
    if not path.exists():
        return []
    return json.loads(path.read_text())["results"]


def peak_mb(res, name):
    path = res / "mem" / f"{slug(name)}.txt"
    if not path.exists():
        return None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", path.read_text())
    return int(m.group(1)) / 1024 if m else None


def fmt_s(x):
    return f"{x:.3f}" if x < 10 else f"{x:.2f}"


def fmt_ratio(x):
    return f"{x:.2f}×" if x < 10 else f"{x:.1f}×"


def main():
    res = Path(sys.argv[1])
    manifest = json.loads(Path(sys.argv[2]).read_text())
    meta, commands = load_meta(res)
    violations = json.loads((res / "violations.json").read_text()) if (res / "violations.json").exists() else {}
    tools, big, history = int(meta["tools"]), int(meta["big_tools"]), int(meta["history"])
    diff_files, history_tools = int(meta["diff_files"]), int(meta["history_tools"])
    changelog_skipped = (res / "changelog.skipped").exists()

    groups = [
        ("lint", f"lint, {tools:,} tools", "steward lint"),
        ("scale", "scaling", f"steward lint ({tools} tools)"),
        ("changelog", f"changelog, {history:,} commits", "steward changelog"),
        ("diff", f"diff, {diff_files:,} changed files", "steward diff"),
        ("commands", f"other commands, {tools:,} tools", None),
        ("import", f"import, {tools:,} rows", None),
        ("site", f"site, {tools:,} tools", None),
    ]
    medians = {}
    out = []
    w = out.append
    w("## Results")
    w("")
    ram_gb = int(meta["ram_kb"]) / 1024 / 1024
    w(f"Machine: {meta['nproc']} cores (`nproc`), {meta['cpu']}, {ram_gb:.1f} GiB RAM, {meta['os']} "
      f"(Linux {meta['kernel']}). {meta['steward']} ({meta['steward_commit']}), {meta['check_jsonschema']}, "
      f"{meta['taplo']}, {meta['git']}, {meta['hyperfine']}. Run {meta['date']}.")
    w("")
    w(f"Medians of {meta['runs']} runs after one warm-up ({meta['runs_slow']} runs for the scaling pair), "
      "output discarded; CPU is the mean user + system time per run (steward uses every core, the "
      "anchors one); peak memory is the maximum resident set size from one run under "
      "`/usr/bin/time -v`. The ratio is the command's median over steward's in the same group "
      "(above 1: slower than steward).")
    load_file = res / "load.txt"
    if load_file.exists():
        loads = [line.split() for line in load_file.read_text().splitlines() if line.strip()]
        shown = ", ".join(f"{g[0]} {g[1]}" for g in loads)
        w("")
        w(f"Load average (1 min) when each group started: {shown}. On a machine doing other work the "
          "wall-clock times, and steward's most (it runs on every core), are longer and noisier.")
    w("")
    w("| benchmark | command | median (s) | ratio vs steward | CPU (s) | peak MB | injected schema violations found/expected |")
    w("|---|---|---:|---:|---:|---:|---:|")
    for group, title, reference in groups:
        results = hyperfine(res, group)
        by_name = {r["command"]: r for r in results}
        base = by_name.get(reference) if reference else None
        first = True
        if group == "changelog" and changelog_skipped:
            w(f"| {title} | `steward changelog` | not available yet | | | | |")
            first = False
        for r in results:
            name = r["command"]
            medians[name] = r["median"]
            ratio = fmt_ratio(r["median"] / base["median"]) if base else "–"
            if name == "steward review (history)":
                label_note = f" ({history_tools:,} tools, {history:,} commits)"
            else:
                label_note = ""
            if group == "scale" and base:
                ratio = fmt_ratio(r["median"] / base["median"]) + (" (vs 10k)" if name != reference else "")
            mem = peak_mb(res, name)
            v = violations.get(name)
            found = "–"
            if v and "found" in v:
                found = f"{v['found']}/{v['expected']}"
                if v.get("false_positives"):
                    found += f" (+{v['false_positives']} other files)"
            label = f"`{name}`{label_note}"
            if name == "steward lint":
                label += " (all rules)"
            cpu = r.get("user", 0) + r.get("system", 0)
            w(f"| {title if first else ''} | {label} | {fmt_s(r['median'])} | {ratio} | {fmt_s(cpu)} | "
              f"{f'{mem:.0f}' if mem is not None else '–'} | {found} |")
            first = False
    w("")

    # Targets.
    w("### Targets (issues 7 and 21)")
    w("")
    w("| target | measured | holds |")
    w("|---|---|---|")

    def row(target, measured, ok):
        w(f"| {target} | {measured} | {'yes' if ok else '**no**'} |")

    cpu = {}
    for group, _, _ in groups:
        for r in hyperfine(res, group):
            cpu[r["command"]] = r.get("user", 0) + r.get("system", 0)
    s = medians.get("steward lint")
    if s:
        for anchor, need in (("check-jsonschema", 15), ("taplo lint", 4)):
            if anchor in medians:
                r = medians[anchor] / s
                row(f"lint {tools:,}: at least {need}× faster than {anchor}", f"{fmt_ratio(r)} faster", r >= need)
        mem = peak_mb(res, "steward lint")
        if mem is not None:
            row(f"lint {tools:,}: peak memory under 120 MB", f"{mem:.0f} MB", mem < 120)
        v = violations.get("steward lint", {})
        if "all_injected" in v:
            row("lint: every injected violation reported (schema and governance)",
                f"{v['all_injected_found']}/{v['all_injected']}", v["all_injected_found"] == v["all_injected"])
    if changelog_skipped:
        row(f"changelog over {history:,} commits: no slower than `git log -p`", "not available yet", False)
    elif "steward changelog" in medians and "git log -p" in medians:
        r = medians["steward changelog"] / medians["git log -p"]
        row(f"changelog over {history:,} commits: wall time no more than `git log -p`", f"{fmt_ratio(r)} the time of `git log -p`", r <= 1)
        c = cpu["steward changelog"] / cpu["git log -p"] if cpu.get("git log -p") else None
        if c is not None:
            row(f"changelog over {history:,} commits: CPU no more than 1.5× `git log -p`'s", f"{fmt_ratio(c)} its CPU", c <= 1.5)
        mem = peak_mb(res, "steward changelog")
        if mem is not None:
            row("changelog: peak memory under 150 MB", f"{mem:.0f} MB", mem < 150)
    if "steward diff" in medians and "git diff" in medians:
        r = medians["steward diff"] / medians["git diff"]
        row(f"diff of {diff_files:,} changed files: within 2× of `git diff`", f"{fmt_ratio(r)} the time of `git diff`", r <= 2)
        mem = peak_mb(res, "steward diff")
        if mem is not None:
            row(f"diff of {diff_files:,} changed files: peak memory under 250 MB", f"{mem:.0f} MB", mem < 250)
    a, b = medians.get(f"steward lint ({tools} tools)"), medians.get(f"steward lint ({big} tools)")
    if a and b:
        row(f"scaling: {big:,} tools lint in at most 10.5× the {tools:,} time", fmt_ratio(b / a), b / a <= 10.5)
    ma, mb = peak_mb(res, "steward lint"), peak_mb(res, f"steward lint ({big} tools)")
    if ma and mb:
        row(f"scaling: {big:,} tools lint in at most 10× the {tools:,} peak memory", f"{fmt_ratio(mb / ma)} ({mb:.0f} MB)", mb / ma <= 10)
    for name, limit in (("steward import tools", 2), ("steward site", 3)):
        if name in medians:
            row(f"`{name.removeprefix('steward ')}` of {tools:,} {'rows' if 'import' in name else 'tools'}: under {limit} s",
                f"{fmt_s(medians[name])} s", medians[name] < limit)
    w("")

    # Corpora and commands.
    w("### Corpora and commands")
    w("")
    w(f"- lint: {manifest['tools']:,} tools, {manifest['policies']:,} policies, {manifest['people']:,} people "
      f"({manifest['people_left']} have left) in {manifest['departments']} departments, "
      f"{manifest['budgets']} budgets with {manifest['budget_lines']:,} lines; {manifest['files']:,} files, "
      f"{manifest['files_with_injected_violations']:,} with an injected violation, "
      f"{len(manifest['tool_schema_violation_files'])} tool files invalid against the tool schema "
      f"(`examples/generate.rs --tools {tools} --seed {meta['seed']}`, `--today {meta['today']}`).")
    w(f"- scaling: the same generator with `--tools {big}`.")
    w(f"- history: {history:,} commits of a {history_tools:,}-tool tree ({meta.get('merges', '?')} of them "
      f"\"Merge pull request\" merges), and `bench-b`, {diff_files:,} changed files away from `bench-a` "
      f"(`--history {history} --diff-files {diff_files}`).")
    v = violations.get("steward lint", {})
    if v.get("by_rule"):
        counts = ", ".join(f"{k} {n}" for k, n in v["by_rule"].items())
        w(f"- steward's findings on the {tools:,}-tool tree: {counts}.")
    w("")
    w("<details><summary>exact commands (<code>$ROOT</code> is the repository's folder)</summary>")
    w("")
    w("```sh")
    for name in sorted(commands):
        if name in medians or (name == "steward changelog" and not changelog_skipped):
            w(f"# {name}")
            w(commands[name])
    w("```")
    w("</details>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
