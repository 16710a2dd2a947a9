"""The knowledge schema: which fields each kind of entry has, in canonical order, and their limits.

Kept as data so the validator, the canonical writer and the admin console read one definition.
"""

from dataclasses import dataclass
from typing import Literal

Kind = Literal["qa", "scenario", "leaflet", "skit"]
KINDS: tuple[Kind, ...] = ("qa", "scenario", "leaflet", "skit")
KIND_DIRS: dict[Kind, str] = {"qa": "qa", "scenario": "scenarios", "leaflet": "leaflets", "skit": "skits"}
KIND_LABELS: dict[Kind, str] = {"qa": "Hỏi đáp", "scenario": "Tình huống", "leaflet": "Tờ gấp", "skit": "Tiểu phẩm"}
STATUSES = ("draft", "review", "published", "archived")

FieldType = Literal["id", "text", "line", "lines", "topics", "citations", "ids", "date", "status", "roles", "script"]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool = True
    max_len: int | None = None
    block: bool = False  # written as a `|-` block scalar in the canonical layout


_HEAD = (FieldSpec("id", "id"),)
_TAIL = (
    FieldSpec("topics", "topics"),
    FieldSpec("citations", "citations"),
    FieldSpec("sources", "lines"),
    FieldSpec("related", "ids", required=False),
    FieldSpec("note", "text", required=False, max_len=2000, block=True),
    FieldSpec("reviewed", "date"),
    FieldSpec("status", "status"),
)
_ALT = FieldSpec("alt_questions", "lines")
_TITLE = FieldSpec("title", "line", max_len=200)

SCHEMAS: dict[Kind, tuple[FieldSpec, ...]] = {
    "qa": _HEAD
    + (
        FieldSpec("question", "line", max_len=300),
        _ALT,
        FieldSpec("answer", "text", max_len=900, block=True),
        FieldSpec("details", "text", required=False, max_len=6000, block=True),
    )
    + _TAIL,
    "scenario": _HEAD
    + (
        _TITLE,
        _ALT,
        FieldSpec("summary", "text", max_len=900, block=True),
        FieldSpec("situation", "text", max_len=4000, block=True),
        FieldSpec("analysis", "text", max_len=6000, block=True),
        FieldSpec("steps", "lines"),
        FieldSpec("pitfalls", "lines"),
        FieldSpec("escalate_when", "lines"),
    )
    + _TAIL,
    "leaflet": _HEAD + (_TITLE, _ALT, FieldSpec("body", "text", max_len=1500, block=True)) + _TAIL,
    "skit": _HEAD
    + (
        _TITLE,
        _ALT,
        FieldSpec("summary", "text", max_len=900, block=True),
        FieldSpec("roles", "roles"),
        FieldSpec("script", "script"),
        FieldSpec("discussion", "lines"),
    )
    + _TAIL,
}

# The field holding the question or title, and the phone-sized text, for each kind.
TITLE_FIELD: dict[Kind, str] = {"qa": "question", "scenario": "title", "leaflet": "title", "skit": "title"}
ANSWER_FIELD: dict[Kind, str] = {"qa": "answer", "scenario": "summary", "leaflet": "body", "skit": "summary"}
LINE_MAX = 1000  # any single list item or one-line field
