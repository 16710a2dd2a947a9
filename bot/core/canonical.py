"""The one canonical YAML layout of a knowledge entry.

`hoagiai fmt` writes it, `hoagiai check` compares every file with it, and export from the database uses it,
so that an import followed by an export reproduces the files byte for byte.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

from bot.core.schema import SCHEMAS, FieldSpec, Kind

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_SAFE = re.compile(r"^[^\s'\"#&*!|>%@`{}\[\],?:-][^#]*$")


def dump_entry(kind: Kind, data: Mapping[str, Any]) -> str:
    """Render one entry in canonical layout: schema key order, fixed quoting, block text."""
    lines: list[str] = []
    for spec in SCHEMAS[kind]:
        if spec.name not in data:
            continue
        value = data[spec.name]
        if not spec.required and value in (None, "", []):
            continue
        lines.extend(_field(spec, value))
    return "\n".join(lines) + "\n"


def _field(spec: FieldSpec, value: Any) -> list[str]:
    key = spec.name
    if spec.type == "citations":
        return _list(key, [_citation(c) for c in value or []])
    if spec.type == "roles":
        return _mapping_list(key, value or [], ("name", "description"))
    if spec.type == "script":
        return _mapping_list(key, value or [], ("role", "line"))
    if isinstance(value, list):
        return _list(key, [scalar(v) for v in value], block_items=value)
    if spec.block and isinstance(value, str):
        return _block(key, value, indent="")
    return [f"{key}: {scalar(value)}"]


def _list(key: str, rendered: list[str], block_items: list[Any] | None = None) -> list[str]:
    if not rendered:
        return [f"{key}: []"]
    out = [f"{key}:"]
    for i, item in enumerate(rendered):
        raw = block_items[i] if block_items is not None else None
        if isinstance(raw, str) and "\n" in raw:
            out.extend(_block("-", raw, indent=""))
        else:
            out.append(f"- {item}")
    return out


def _mapping_list(key: str, items: list[Mapping[str, Any]], order: tuple[str, ...]) -> list[str]:
    if not items:
        return [f"{key}: []"]
    out = [f"{key}:"]
    for item in items:
        first = True
        keys = [k for k in order if k in item] + [k for k in item if k not in order]
        for k in keys:
            prefix = "- " if first else "  "
            first = False
            v = item[k]
            if isinstance(v, str) and "\n" in v:
                block = _block(k, v, indent="  ")
                out.append(prefix + block[0].lstrip())
                out.extend(block[1:])
            else:
                out.append(f"{prefix}{k}: {scalar(v)}")
    return out


def _block(key: str, text: str, indent: str) -> list[str]:
    if not _block_safe(text):
        return [f"{indent}{key}: {scalar(text)}"]
    body = [f"{indent}  {ln}" if ln else "" for ln in text.split("\n")]
    return [f"{indent}{key}: |-", *body]


def _block_safe(text: str) -> bool:
    """A `|-` literal cannot carry trailing blanks, a leading blank, tabs or edge newlines."""
    if not text or text != text.strip() or "\t" in text or "\r" in text:
        return False
    return all(ln == ln.rstrip() for ln in text.split("\n"))


def _citation(c: Mapping[str, Any]) -> str:
    parts = [f"doc: {scalar(c.get('doc'), flow=True)}", f"article: {scalar(c.get('article'))}"]
    for k in ("clause", "point"):
        if c.get(k) is not None:
            parts.append(f"{k}: {scalar(c[k], flow=True)}")
    return "{" + ", ".join(parts) + "}"


def scalar(value: Any, flow: bool = False) -> str:
    """One-line YAML scalar: plain when YAML reads it back unchanged, otherwise double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    plain = _PLAIN_SAFE.match(text) and text == text.strip() and "\n" not in text and ": " not in text
    if plain and not (flow and any(ch in text for ch in ",{}[]")):
        try:
            if yaml.load(text, Loader=_LOADER) == text:  # noqa: S506 - a safe loader
                return text
        except yaml.YAMLError:
            pass
    dumped: str = yaml.safe_dump(text, allow_unicode=True, default_style='"', width=1_000_000)
    return dumped.rstrip("\n")
