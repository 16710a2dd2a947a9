"""The one canonical YAML layout of a knowledge entry.

`hoagiai fmt` writes it, `hoagiai check` compares every file with it, and export from the database uses it,
so that an import followed by an export reproduces the files byte for byte. Each field is written by its type
(bot.core.kinds.fields) with the writers of bot.core.yaml_layout.
"""

from collections.abc import Mapping
from typing import Any

from bot.core.kinds import kind_of
from bot.core.yaml_layout import scalar

__all__ = ["dump_entry", "scalar"]


def dump_entry(kind: str, data: Mapping[str, Any]) -> str:
    """Render one entry in canonical layout: the kind's field order, fixed quoting, block text."""
    lines: list[str] = []
    for spec in kind_of(kind).fields:
        if spec.name not in data:
            continue
        value = data[spec.name]
        if not spec.required and value in (None, "", []):
            continue
        lines.extend(spec.type.dump(spec, value))
    return "\n".join(lines) + "\n"
