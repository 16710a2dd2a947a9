"""Conventions that make a new kind of knowledge a declaration plus its renderers: every registered kind and field
type has what the chat, the library, the console and the API need (a missing template fails here, not in use)."""

from pathlib import Path

import pytest

from admin.openapi import openapi_document
from bot.core import texts
from bot.core.kinds import KINDS
from bot.core.kinds.base import EntryKind

ROOT = Path(__file__).resolve().parents[1]
LIBRARY_TEMPLATES = ROOT / "bot" / "web" / "templates" / "library"
FIELD_WIDGETS = ROOT / "admin" / "templates" / "fields"


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))
def test_a_kind_has_a_label_a_library_template_and_a_widget_for_every_field_it_edits(kind: EntryKind) -> None:
    assert kind.label == texts.KIND_LABELS[kind.name]
    assert (LIBRARY_TEMPLATES / kind.library_template).is_file()
    names = [f.name for f in kind.fields]
    assert len(names) == len(set(names)) and names[0] == "id" and "status" in names
    assert {kind.title_field, kind.answer_field} <= set(names)
    for spec in kind.fields:
        assert not spec.type.widget or (FIELD_WIDGETS / f"{spec.type.widget}.html").is_file(), spec.name
        assert spec.name in texts.ADMIN_FIELD_LABELS, spec.name


def test_kinds_do_not_share_a_name_a_folder_or_a_library_address() -> None:
    kinds = list(KINDS.values())
    for attribute in ("name", "folder", "slug"):
        values = [getattr(k, attribute) for k in kinds]
        assert len(values) == len(set(values)), attribute
    assert all(len(k.name) <= 16 and k.name.isascii() for k in kinds)  # knowledge_entry.kind is VARCHAR(16)


def test_the_api_describes_every_kind_with_its_fields() -> None:
    schemas = openapi_document()["components"]["schemas"]
    assert set(schemas["Entry"]["discriminator"]["mapping"]) == set(KINDS)
    for kind in KINDS.values():
        assert set(schemas[kind.name]["properties"]) == {"kind", *(f.name for f in kind.fields)}
