"""Field types whose values are lists: texts one per line (alternate questions, steps, sources, related ids),
topic ids, citations, lists of two-key mappings (skit roles, script lines) and quiz choices. See bot.core.kinds.fields."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.core import texts
from bot.core.kinds.fields import (
    LINE_MAX,
    POINT_RE,
    Err,
    FieldSpec,
    FieldType,
    FormInput,
    form_text,
    label_of,
    missing,
    tidy_text,
)
from bot.core.yaml_layout import citation_flow, list_lines, mapping_list

if TYPE_CHECKING:
    from bot.core.validation import Registry


# -- lists of texts ----------------------------------------------------------------------------------------------------


def check_lines(name: str, value: Any, err: Err, non_empty: bool = False) -> None:
    label = label_of(name)
    if not isinstance(value, list):
        err(name, texts.CHECK_LIST.format(label=label))
        return
    if non_empty and not value:
        err(name, missing(name))
    seen: set[str] = set()
    for i, item in enumerate(value):
        if isinstance(item, dict):
            err(f"{name}[{i}]", texts.CHECK_ITEM_SPLIT.format(n=i + 1, label=label))
            continue
        if not isinstance(item, str) or not item.strip():
            err(f"{name}[{i}]", texts.CHECK_ITEM_EMPTY.format(n=i + 1, label=label))
            continue
        if len(item) > LINE_MAX:
            err(f"{name}[{i}]", texts.CHECK_ITEM_TOO_LONG.format(n=i + 1, label=label, length=len(item), limit=LINE_MAX))
        if item in seen:
            err(f"{name}[{i}]", texts.CHECK_ITEM_TWICE.format(label=label, item=item))
        seen.add(item)


_STRINGS: dict[str, Any] = {"type": "array", "items": {"type": "string", "maxLength": LINE_MAX}}


class LinesType(FieldType):
    """A list of one-line texts, one per line in the form (alternate questions, steps, sources, related ids)."""

    list_of_text = True

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        check_lines(spec.name, value, err)

    def to_form(self, value: Any) -> Any:
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)

    def from_form(self, spec: FieldSpec, form: FormInput) -> Any:
        return [line.strip() for line in form_text(form, spec.name).split("\n") if line.strip()]

    def json_schema(self, spec: FieldSpec) -> dict[str, Any]:
        return _STRINGS


class TopicsType(LinesType):
    """Topic ids from topics.yaml, at least one; ticked boxes in the form."""

    widget = "topics"

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        check_lines(spec.name, value, err, non_empty=True)
        for i, t in enumerate(value if isinstance(value, list) else []):
            if isinstance(t, str) and t.strip() and t not in registry.topics:  # others: named by check_lines
                err(f"{spec.name}[{i}]", texts.CHECK_TOPIC_UNKNOWN.format(topic=t))

    def blank(self) -> Any:
        return []

    def to_form(self, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else []

    def from_form(self, spec: FieldSpec, form: FormInput) -> Any:
        return [t for t in form.getall(spec.name, []) if isinstance(t, str) and t]


# -- lists of small mappings -------------------------------------------------------------------------------------------

EMPTY_CITATION_ROWS = 2


class CitationsType(FieldType):
    """The legal basis: {doc, article, clause?, point?} rows; in the form, rows of document, article, clause, point."""

    widget = "citations"

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        name = spec.name
        if not isinstance(value, list) or not value:
            err(name, missing(name))
            return
        for i, c in enumerate(value):
            key, n = f"{name}[{i}]", i + 1
            if not isinstance(c, dict) or "doc" not in c or "article" not in c:
                err(key, texts.CHECK_CITATION_ROW.format(n=n))
                continue
            extra = set(c) - {"doc", "article", "clause", "point"}
            if extra:
                err(key, texts.CHECK_CITATION_EXTRA.format(n=n, keys=", ".join(sorted(map(str, extra)))))
            if str(c["doc"]) not in registry.documents:
                err(key, texts.CHECK_CITATION_DOC.format(n=n, doc=c["doc"]))
            article = c.get("article")
            if article is not None and not _positive_int(article):
                err(key, texts.CHECK_CITATION_ARTICLE.format(n=n))
            clause = c.get("clause")
            if clause is not None and not _positive_int(clause):
                err(key, texts.CHECK_CITATION_CLAUSE.format(n=n))
            if clause is not None and article is None:
                err(key, texts.CHECK_CITATION_CLAUSE_ALONE.format(n=n))
            point = c.get("point")
            if point is not None and (not isinstance(point, str) or not POINT_RE.match(point)):
                err(key, texts.CHECK_CITATION_POINT.format(n=n))

    def dump(self, spec: FieldSpec, value: Any) -> list[str]:
        return list_lines(spec.name, [citation_flow(c) for c in value or []])

    def blank(self) -> Any:
        return [_citation_row({}) for _ in range(EMPTY_CITATION_ROWS)]

    def to_form(self, value: Any) -> Any:
        rows = [_citation_row(c) for c in value if isinstance(c, dict)] if isinstance(value, list) else []
        return rows + self.blank()

    def from_form(self, spec: FieldSpec, form: FormInput) -> Any:
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

    def json_schema(self, spec: FieldSpec) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Citation"}}


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _citation_row(c: Mapping[str, Any]) -> dict[str, str]:
    return {k: "" if c.get(k) is None else str(c[k]) for k in ("doc", "article", "clause", "point")}


def _number(value: Any) -> int | str | None:
    text = str(value).strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text  # a non-number is left for validation to name


class PairsType(FieldType):
    """A list of two-key mappings edited as "Head: tail" lines (skit roles, script lines)."""

    def __init__(self, head: str, tail: str, *, tail_required: bool) -> None:
        self.head, self.tail, self.tail_required = head, tail, tail_required

    def dump(self, spec: FieldSpec, value: Any) -> list[str]:
        return mapping_list(spec.name, value or [], (self.head, self.tail))

    def to_form(self, value: Any) -> Any:
        if not isinstance(value, list):
            return ""
        return "\n".join(_pair(m.get(self.head), m.get(self.tail)) for m in value if isinstance(m, dict))

    def from_form(self, spec: FieldSpec, form: FormInput) -> Any:
        return [self._pair_of(line) for line in form_text(form, spec.name).split("\n") if line.strip()]

    def _pair_of(self, line: str) -> dict[str, str]:
        head, sep, tail = line.partition(":")
        if sep:
            return {self.head: head.strip(), self.tail: tail.strip()}
        return {self.head: "", self.tail: line.strip()} if self.tail_required else {self.head: line.strip()}

    def json_schema(self, spec: FieldSpec) -> dict[str, Any]:
        required = [self.head, self.tail] if self.tail_required else [self.head]
        return {"type": "array", "items": {"type": "object", "required": required, "properties": {
            self.head: {"type": "string"}, self.tail: {"type": "string"}}}}


def _pair(head: Any, tail: Any) -> str:
    return f"{head or ''}: {tail}" if tail else str(head or "")


class RolesType(PairsType):
    def __init__(self) -> None:
        super().__init__("name", "description", tail_required=False)

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        if not isinstance(value, list) or not value:
            err(spec.name, missing(spec.name))
            return
        for i, r in enumerate(value):
            if not isinstance(r, dict) or not isinstance(r.get("name"), str) or not r["name"].strip():
                err(f"{spec.name}[{i}]", texts.CHECK_ROLE_NAME.format(n=i + 1))
            elif set(r) - {"name", "description"}:
                err(f"{spec.name}[{i}]", texts.CHECK_ROLE_EXTRA.format(n=i + 1))


class ScriptType(PairsType):
    tall = True

    def __init__(self) -> None:
        super().__init__("role", "line", tail_required=True)

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        if not isinstance(value, list) or not value:
            err(spec.name, missing(spec.name))
            return
        for i, s in enumerate(value):
            if not isinstance(s, dict) or set(s) != {"role", "line"}:
                err(f"{spec.name}[{i}]", texts.CHECK_SCRIPT_LINE.format(n=i + 1))
            elif not isinstance(s["line"], str) or not s["line"].strip():
                err(f"{spec.name}[{i}]", texts.CHECK_SCRIPT_EMPTY.format(n=i + 1))


# One instance of each type (they hold no state).
LINES = LinesType()
TOPICS = TopicsType()
CITATIONS = CitationsType()
ROLES = RolesType()
SCRIPT = ScriptType()


# -- quiz choices ------------------------------------------------------------------------------------------------------

MIN_CHOICES, MAX_CHOICES = 3, 4
CHOICE_TEXT_MAX = 300
EXPLANATION_MAX = 600


class ChoicesType(FieldType):
    """Quiz choices: {text, correct, explanation}; 3 or 4, at least one correct, every wrong one explained (a right
    one may be). In the form: four rows of text, right/wrong and explanation; empty rows are dropped."""

    widget = "choices"  # admin/templates/fields/choices.html
    COLUMNS = ("text", "correct", "explanation")

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        name = spec.name
        if not isinstance(value, list) or not MIN_CHOICES <= len(value) <= MAX_CHOICES:
            err(name, f"`{name}` phải có từ {MIN_CHOICES} đến {MAX_CHOICES} lựa chọn {{text, correct, explanation}}")
            return
        for i, c in enumerate(value):
            key = f"{name}[{i}]"
            if not isinstance(c, dict):
                err(key, f"lựa chọn {i + 1} phải có `text`, `correct` và `explanation`")
                continue
            if set(c) - set(self.COLUMNS):
                err(key, f"lựa chọn {i + 1} có trường lạ: {', '.join(sorted(map(str, set(c) - set(self.COLUMNS))))}")
            text, explanation = c.get("text"), c.get("explanation")
            if not isinstance(text, str) or not text.strip() or len(text) > CHOICE_TEXT_MAX:
                err(key, f"lựa chọn {i + 1}: `text` phải là văn bản, không để trống, tối đa {CHOICE_TEXT_MAX} ký tự")
            if not isinstance(c.get("correct"), bool):
                err(key, f"lựa chọn {i + 1}: `correct` phải là true (đúng) hoặc false (sai)")
            if explanation is not None and (not isinstance(explanation, str) or len(explanation) > EXPLANATION_MAX):
                err(key, f"lựa chọn {i + 1}: `explanation` phải là văn bản, tối đa {EXPLANATION_MAX} ký tự")
            elif c.get("correct") is False and not (isinstance(explanation, str) and explanation.strip()):
                err(key, f"lựa chọn {i + 1} là lựa chọn sai nên phải có `explanation` (vì sao sai)")
        if not any(isinstance(c, dict) and c.get("correct") is True for c in value):
            err(name, f"`{name}` phải có ít nhất một lựa chọn đúng (correct: true)")
        texts = [c.get("text") for c in value if isinstance(c, dict)]
        if len(set(texts)) != len(texts):
            err(name, f"`{name}` có hai lựa chọn trùng nhau")

    def tidy(self, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [{k: tidy_text(v) if isinstance(v, str) else v for k, v in c.items()} if isinstance(c, dict) else c
                for c in value]

    def dump(self, spec: FieldSpec, value: Any) -> list[str]:
        return mapping_list(spec.name, [{k: v for k, v in c.items() if not (k == "explanation" and v in (None, ""))}
                                        for c in value or []], self.COLUMNS)

    def blank(self) -> Any:
        return [_choice_row({}) for _ in range(MAX_CHOICES)]

    def to_form(self, value: Any) -> Any:
        rows = [_choice_row(c) for c in value if isinstance(c, dict)] if isinstance(value, list) else []
        return rows + [_choice_row({}) for _ in range(MAX_CHOICES - len(rows))]

    def from_form(self, spec: FieldSpec, form: FormInput) -> Any:
        columns = [form.getall(f"choice_{k}", []) for k in self.COLUMNS]
        rows = []
        for text, correct, explanation in zip(*columns, strict=False):
            if not str(text).strip() and not str(explanation).strip():
                continue
            row: dict[str, Any] = {"text": str(text).strip(), "correct": str(correct) == "1"}
            if str(explanation).strip():
                row["explanation"] = str(explanation).strip()
            rows.append(row)
        return rows

    def json_schema(self, spec: FieldSpec) -> dict[str, Any]:
        return {"type": "array", "minItems": MIN_CHOICES, "maxItems": MAX_CHOICES, "items": {
            "type": "object", "required": ["text", "correct"], "properties": {
                "text": {"type": "string", "maxLength": CHOICE_TEXT_MAX}, "correct": {"type": "boolean"},
                "explanation": {"type": "string", "maxLength": EXPLANATION_MAX,
                                "description": "Bắt buộc với lựa chọn sai"}}}}


def _choice_row(c: Mapping[str, Any]) -> dict[str, Any]:
    return {"text": str(c.get("text") or ""), "correct": c.get("correct") is True,
            "explanation": str(c.get("explanation") or "")}


CHOICES = ChoicesType()
