"""The entry form: schema fields to HTML form values and back.

List fields are one item per line; citations are rows of (document, article, clause, point); skit roles and script
lines are "Name: text" lines. Everything else is validated by the core after conversion.
"""

import re
from dataclasses import dataclass
from typing import Any

from multidict import MultiDict

from bot.core import texts
from bot.core.normalize import fold, words
from bot.core.schema import SCHEMAS, FieldSpec, Kind
from bot.core.validation import MAX_ID_LEN

EMPTY_CITATION_ROWS = 2


@dataclass(frozen=True)
class FormField:
    spec: FieldSpec
    label: str
    value: Any
    error: str | None

    @property
    def name(self) -> str:
        return self.spec.name


def form_fields(kind: Kind, values: dict[str, Any], errors: dict[str, str]) -> list[FormField]:
    """The fields an editor fills in (status is set by the workflow buttons, not typed)."""
    labels = texts.ADMIN_FIELD_LABELS
    return [FormField(s, labels.get(s.name, s.name), values.get(s.name, _blank(s)), errors.get(s.name))
            for s in SCHEMAS[kind] if s.name != "status"]


def _blank(spec: FieldSpec) -> Any:
    if spec.type == "topics":
        return []
    if spec.type == "citations":
        return [_citation_row({}) for _ in range(EMPTY_CITATION_ROWS)]
    return ""


def to_form(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """Entry data as form values."""
    values: dict[str, Any] = {}
    for spec in SCHEMAS[kind]:
        value = data.get(spec.name)
        if value is None:
            continue
        match spec.type:
            case "lines" | "ids":
                values[spec.name] = "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
            case "topics":
                values[spec.name] = [str(v) for v in value] if isinstance(value, list) else []
            case "citations":
                rows = [_citation_row(c) for c in value if isinstance(c, dict)] if isinstance(value, list) else []
                values[spec.name] = rows + [_citation_row({}) for _ in range(EMPTY_CITATION_ROWS)]
            case "roles":
                values[spec.name] = "\n".join(_pair(r.get("name"), r.get("description")) for r in value
                                              if isinstance(r, dict)) if isinstance(value, list) else ""
            case "script":
                values[spec.name] = "\n".join(_pair(s.get("role"), s.get("line")) for s in value
                                              if isinstance(s, dict)) if isinstance(value, list) else ""
            case _:
                values[spec.name] = str(value)
    return values


def _citation_row(c: dict[str, Any]) -> dict[str, str]:
    return {k: "" if c.get(k) is None else str(c[k]) for k in ("doc", "article", "clause", "point")}


def _pair(head: Any, tail: Any) -> str:
    return f"{head or ''}: {tail}" if tail else str(head or "")


def from_form(kind: Kind, form: MultiDict[Any]) -> dict[str, Any]:
    """Form values as entry data (unvalidated); empty optional fields are left out."""
    data: dict[str, Any] = {}
    for spec in SCHEMAS[kind]:
        if spec.name == "status":
            continue
        raw = form.get(spec.name, "")
        raw = raw.replace("\r\n", "\n") if isinstance(raw, str) else ""
        match spec.type:
            case "lines" | "ids":
                value: Any = [line.strip() for line in raw.split("\n") if line.strip()]
            case "topics":
                value = [t for t in form.getall("topics", []) if isinstance(t, str) and t]
            case "citations":
                value = _citations(form)
            case "roles":
                value = [_role(line) for line in raw.split("\n") if line.strip()]
            case "script":
                value = [_script_line(line) for line in raw.split("\n") if line.strip()]
            case _:
                value = raw.strip()
        if not spec.required and value in ("", []):
            continue
        data[spec.name] = value
    return data


def _citations(form: MultiDict[Any]) -> list[dict[str, Any]]:
    columns = [form.getall(f"cite_{k}", []) for k in ("doc", "article", "clause", "point")]
    rows = []
    for doc, article, clause, point in zip(*columns, strict=False):
        if not str(doc).strip():
            continue
        row: dict[str, Any] = {"doc": str(doc).strip(), "article": _number(article)}
        if str(clause).strip():
            row["clause"] = _number(clause)
        if str(point).strip():
            row["point"] = str(point).strip().lower()
        rows.append(row)
    return rows


def _number(value: Any) -> int | str | None:
    text = str(value).strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text  # a non-number is left for validation to name


def _role(line: str) -> dict[str, str]:
    name, sep, description = line.partition(":")
    return {"name": name.strip(), "description": description.strip()} if sep else {"name": line.strip()}


def _script_line(line: str) -> dict[str, str]:
    role, sep, text = line.partition(":")
    return {"role": role.strip(), "line": text.strip()} if sep else {"role": "", "line": line.strip()}


def suggest_id(title: str) -> str:
    """A readable id from a question or title: 'Hòa giải viên có lương?' -> 'hoa-giai-vien-co-luong'."""
    slug = ""
    for word in (fold(w) for w in words(title)):
        word = re.sub(r"[^a-z0-9]", "", word)
        if not word:
            continue
        if len(slug) + len(word) + 1 > MAX_ID_LEN:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug
