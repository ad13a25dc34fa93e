#!/usr/bin/env python3
"""Writes steward's tool schema as one self-contained JSON Schema, for the benchmark's anchors.

steward's schemas/tool.schema.json refers to common.schema.json through relative `$ref`s
("common.schema.json#/$defs/id"), which check-jsonschema and taplo would try to resolve
against the schema's location or the network. This inlines every `$ref` (following refs inside
common.schema.json too), keeping the sibling keywords next to a `$ref` (its `description`), so
that the result validates exactly what steward's tool schema validates and nothing more.

usage: export_schema.py SCHEMAS_DIR [KIND] > tool.schema.json
"""

import json
import sys
from pathlib import Path


def pointer(document, fragment):
    node = document
    for token in [t for t in fragment.split("/") if t]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def inline(node, document, documents, depth=0):
    if depth > 32:
        raise SystemExit("recursive $ref: cannot inline")
    if isinstance(node, list):
        return [inline(item, document, documents, depth) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target, _, fragment = node["$ref"].partition("#")
        target_document = documents[target] if target else document
        resolved = inline(pointer(target_document, fragment), target_document, documents, depth + 1)
        merged = dict(resolved)
        for key, value in node.items():
            if key != "$ref":
                merged[key] = inline(value, document, documents, depth)
        return merged
    return {key: inline(value, document, documents, depth) for key, value in node.items()}


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    folder = Path(sys.argv[1])
    kind = sys.argv[2] if len(sys.argv) == 3 else "tool"
    documents = {p.name: json.loads(p.read_text()) for p in folder.glob("*.schema.json")}
    root = documents[f"{kind}.schema.json"]
    bundled = inline(root, root, documents)
    bundled.pop("$defs", None)
    text = json.dumps(bundled, indent=2, ensure_ascii=False)
    if "$ref" in text:
        raise SystemExit("a $ref is left after inlining")
    print(text)


if __name__ == "__main__":
    main()
