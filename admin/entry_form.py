"""The entry form: an entry's fields as HTML form values and back, each field by its type's widget
(bot.core.kinds.fields: `widget`, `to_form`, `from_form`, `blank`); everything is validated by the core afterwards."""

import re
from dataclasses import dataclass
from typing import Any

from multidict import MultiDict

from bot.core import texts
from bot.core.kinds import kind_of
from bot.core.kinds.fields import MAX_ID_LEN, FieldSpec
from bot.core.normalize import fold, words


@dataclass(frozen=True)
class FormField:
    spec: FieldSpec
    label: str
    value: Any
    error: str | None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def template(self) -> str:
        """The widget's template: admin/templates/fields/<widget>.html."""
        return f"fields/{self.spec.type.widget}.html"


def form_fields(kind: str, values: dict[str, Any], errors: dict[str, str]) -> list[FormField]:
    """The fields an editor fills in (those without a widget, like status, are set by the workflow buttons)."""
    labels = texts.ADMIN_FIELD_LABELS
    return [FormField(s, labels.get(s.name, s.name), values.get(s.name, s.type.blank()), errors.get(s.name))
            for s in kind_of(kind).fields if s.type.widget]


def to_form(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Entry data as form values."""
    return {s.name: s.type.to_form(data[s.name]) for s in kind_of(kind).fields if data.get(s.name) is not None}


def from_form(kind: str, form: MultiDict[Any]) -> dict[str, Any]:
    """Form values as entry data (unvalidated); empty optional fields are left out."""
    data: dict[str, Any] = {}
    for spec in kind_of(kind).fields:
        if not spec.type.widget:
            continue
        value = spec.type.from_form(spec, form)
        if not spec.required and value in ("", []):
            continue
        data[spec.name] = value
    return data


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
