#!/usr/bin/env python3
"""Writes the spreadsheet the `import tools` benchmark reads: one row per tool file of a
generated tree, in the columns a registry export has (name, vendor, category, status,
department, owner, backup owner, cost, currency, period, data, exit plan), so that the import does
what it does for an organization bringing its registry in: every row read, checked against
org.toml and turned into a tool file, the injected faults (misspelled statuses, owners who
left) refused row by row.

usage: import_csv.py TREE_POLICIES_DIR OUT.csv
"""

import csv
import sys
import tomllib
from pathlib import Path


def main():
    tools = sorted(Path(sys.argv[1], "tools").glob("*.toml"))
    columns = ["Name", "Vendor", "Category", "Status", "Department", "Owner", "Backup owner",
               "Cost", "Currency", "Period", "Data classification", "Data export"]
    with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for path in tools:
            try:
                tool = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            cost = tool.get("cost") if isinstance(tool.get("cost"), dict) else {}
            exit_plan = tool.get("exit_plan") if isinstance(tool.get("exit_plan"), dict) else {}
            text = lambda v: "" if v is None or isinstance(v, (dict, list)) else str(v)
            writer.writerow([
                text(tool.get("name")), text(tool.get("vendor")), text(tool.get("category")),
                text(tool.get("status")), text(tool.get("department")), text(tool.get("owner")),
                text(tool.get("backup_owner")), text(cost.get("amount")),
                text(cost.get("currency") or ("USD" if cost.get("amount") is not None else None)),
                text(cost.get("period")),
                text(tool.get("data_classification")), text(exit_plan.get("data_export")),
            ])


if __name__ == "__main__":
    main()
