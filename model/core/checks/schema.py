"""The template schema's part that the check kinds own: "check" and "blank" enums and each kind's options.

`uv run python -m model.core.checks.schema` rewrites resources/template.schema.json after a kind was added or
changed; a test fails while the file and the registry differ. No Qt.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from model.core.checks.registry import KINDS, blank_modes, names
from resources import path as resource_path

SCHEMA_FILE = "template.schema.json"


def with_kinds(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with the rule's "check", "blank" and kind options as the registry has them."""
    out = copy.deepcopy(schema)
    rule = out["$defs"]["rule"]["properties"]
    rule["check"] = {"enum": list(names()),
                     "description": "；".join(f"{k.name}：{k.summary}" for k in KINDS.values())}
    rule["blank"] = {"enum": list(blank_modes())}
    for kind in KINDS.values():
        rule.update(copy.deepcopy(kind.options))
    return out


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schema(file: Path | None = None) -> bool:
    """Rewrite the schema file when the registry says otherwise (then formatted by json.dumps); True if written."""
    target = file or resource_path(SCHEMA_FILE)
    current = json.loads(target.read_text(encoding="utf-8"))
    wanted = with_kinds(current)
    if wanted == current:
        return False
    target.write_text(schema_text(wanted), encoding="utf-8")
    return True


if __name__ == "__main__":
    print("resources/template.schema.json " + ("updated" if write_schema() else "already up to date"))
