"""Field types: how one kind of field is checked, read from JSON or a form, tidied, written in the canonical layout,
and edited in the console. A kind lists its fields as `FieldSpec(name, TYPE, ...)`; the validator, the canonical
writer, the console's form and the API's OpenAPI schema all ask the field's type instead of branching on it.

The list types are in bot.core.kinds.list_fields. Checks report through `err(key, message)`, where `key` is the field
name or `name[i]` for one item; the messages (bot.core.texts, CHECK_*) name the field by the console form's label,
because editors read them beside the field, in the import report and in `hoagiai check` (which adds file and line).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from bot.core import texts
from bot.core.yaml_layout import block, list_lines, scalar

if TYPE_CHECKING:
    from bot.core.validation import Registry

Err = Callable[[str, str], None]

MAX_ID_LEN = 56  # button actions carry ids and Telegram allows 64 bytes of callback data
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
POINT_RE = re.compile(r"^[a-zđ]$")
LINE_MAX = 1000  # any single list item or one-line field
STATUSES = ("draft", "review", "published", "archived")


class FormInput(Protocol):
    """A submitted form (aiohttp's MultiDict): one value, or every value, of a name."""

    def get(self, key: str, default: str, /) -> Any: ...

    def getall(self, key: str, default: list[Any], /) -> Any: ...


def label_of(name: str) -> str:
    """A field as the console's form names it, without the hint in brackets: "alt_questions" -> "Cách hỏi khác"."""
    return texts.ADMIN_FIELD_LABELS.get(name, name).split(" (")[0]


def missing(name: str) -> str:
    """What an editor reads when a required field is empty."""
    return texts.CHECK_MISSING.get(name) or texts.CHECK_MISSING_OTHER.format(label=label_of(name))


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: "FieldType"
    required: bool = True
    max_len: int | None = None
    block: bool = False  # written as a `|-` block scalar in the canonical layout


class FieldType:
    """The behaviour shared by every field type; subclasses override what differs."""

    widget: ClassVar[str] = "text"  # the console's form control: admin/templates/fields/<widget>.html
    tall: ClassVar[bool] = False  # a taller text area (long scripts)
    list_of_text: ClassVar[bool] = False  # a list of one-line texts (tidied item by item)

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        """Report what is wrong with a present, non-empty value."""

    def parse(self, value: Any) -> Any:
        """A value as JSON or a form gives it, in the type the YAML file holds (e.g. a date)."""
        return value

    def tidy(self, value: Any) -> Any:
        """Trim blanks at line ends and text edges, which the canonical block style cannot carry."""
        if isinstance(value, str):
            return tidy_text(value)
        if isinstance(value, list) and self.list_of_text:
            return [tidy_text(v) if isinstance(v, str) else v for v in value]
        return value

    def dump(self, spec: FieldSpec, value: Any) -> list[str]:
        """The field's lines in the canonical layout."""
        if isinstance(value, list):
            return list_lines(spec.name, [scalar(v) for v in value], block_items=value)
        if spec.block and isinstance(value, str):
            return block(spec.name, value, indent="")
        return [f"{spec.name}: {scalar(value)}"]

    def blank(self) -> Any:
        """The value of an empty form field."""
        return ""

    def to_form(self, value: Any) -> Any:
        return str(value)

    def from_form(self, spec: FieldSpec, form: FormInput) -> Any:
        return form_text(form, spec.name).strip()

    def json_schema(self, spec: FieldSpec) -> dict[str, Any]:
        return {"type": "string", **({"maxLength": spec.max_len} if spec.max_len else {})}


def tidy_text(text: str) -> str:
    return "\n".join(ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")).strip()


def form_text(form: FormInput, name: str) -> str:
    """A text field of a form, with Windows line ends made plain."""
    raw = form.get(name, "")
    return raw.replace("\r\n", "\n") if isinstance(raw, str) else ""


# -- one value -------------------------------------------------------------------------------------------------------


class IdType(FieldType):
    widget = "id"

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        if not isinstance(value, str) or not ID_RE.match(value) or len(value) > MAX_ID_LEN:
            err(spec.name, texts.CHECK_ID.format(limit=MAX_ID_LEN))

    def json_schema(self, spec: FieldSpec) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_LEN}


class TextType(FieldType):
    """Free text (a text area in the form)."""

    one_line: ClassVar[bool] = False

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        label = label_of(spec.name)
        if not isinstance(value, str):
            err(spec.name, texts.CHECK_NOT_TEXT.format(label=label))
            return
        if not value.strip():
            err(spec.name, missing(spec.name))
            return
        if self.one_line and "\n" in value.strip():
            err(spec.name, texts.CHECK_ONE_LINE.format(label=label))
        if spec.max_len and len(value) > spec.max_len:
            err(spec.name, texts.CHECK_TOO_LONG.format(label=label, length=len(value), limit=spec.max_len))


class LineType(TextType):
    """Text on one line: a question or a title."""

    widget = "line"
    one_line = True


class DateType(FieldType):
    widget = "date"

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        if not isinstance(value, dt.date):
            err(spec.name, texts.CHECK_DATE.format(label=label_of(spec.name)))

    def parse(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                return value  # left as text: validation names the field
        return value

    def json_schema(self, spec: FieldSpec) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


class StatusType(FieldType):
    widget = ""  # set by the workflow buttons, never typed

    def check(self, spec: FieldSpec, value: Any, registry: "Registry", err: Err) -> None:
        if value not in STATUSES:
            err(spec.name, texts.CHECK_STATUS.format(statuses=", ".join(STATUSES)))

    def json_schema(self, spec: FieldSpec) -> dict[str, Any]:
        return {"type": "string", "enum": list(STATUSES),
                "description": "Khi tạo/sửa chỉ nhận draft hoặc review; xuất bản bằng …/publish."}


# One instance of each type (they hold no state); the list types are in bot.core.kinds.list_fields.
ID = IdType()
LINE = LineType()
TEXT = TextType()
DATE = DateType()
STATUS = StatusType()
