"""The YAML writers of the canonical layout: one-line scalars, `|-` blocks, lists and lists of small mappings.

Field types (bot.core.kinds.fields) write their values with these; `hoagiai fmt`, `hoagiai check` and export all
come out the same because every file is written by the same functions.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_SAFE = re.compile(r"^[^\s'\"#&*!|>%@`{}\[\],?:-][^#]*$")


def list_lines(key: str, rendered: list[str], block_items: list[Any] | None = None) -> list[str]:
    if not rendered:
        return [f"{key}: []"]
    out = [f"{key}:"]
    for i, item in enumerate(rendered):
        raw = block_items[i] if block_items is not None else None
        if isinstance(raw, str) and "\n" in raw:
            out.extend(block("-", raw, indent=""))
        else:
            out.append(f"- {item}")
    return out


def mapping_list(key: str, items: list[Mapping[str, Any]], order: tuple[str, ...]) -> list[str]:
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
                lines = block(k, v, indent="  ")
                out.append(prefix + lines[0].lstrip())
                out.extend(lines[1:])
            else:
                out.append(f"{prefix}{k}: {scalar(v)}")
    return out


def block(key: str, text: str, indent: str) -> list[str]:
    if not _block_safe(text):
        return [f"{indent}{key}: {scalar(text)}"]
    body = [f"{indent}  {ln}" if ln else "" for ln in text.split("\n")]
    return [f"{indent}{key}: |-", *body]


def _block_safe(text: str) -> bool:
    """A `|-` literal cannot carry trailing blanks, a leading blank, tabs or edge newlines."""
    if not text or text != text.strip() or "\t" in text or "\r" in text:
        return False
    return all(ln == ln.rstrip() for ln in text.split("\n"))


def citation_flow(c: Mapping[str, Any]) -> str:
    """A citation on one line: {doc: 35/2013/QH13, article: 3, clause: 1}."""
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
