"""The knowledge schema as tables, derived from the kind registry (bot.core.kinds), for code that reads it by name.

The kinds and their field types are declared in bot/core/kinds/; nothing here needs editing when a kind is added.
"""

from bot.core.kinds import KINDS as _REGISTRY
from bot.core.kinds.fields import LINE_MAX, STATUSES, FieldSpec, FieldType

__all__ = ["ANSWER_FIELD", "KINDS", "KIND_DIRS", "KIND_LABELS", "LINE_MAX", "SCHEMAS", "STATUSES", "TITLE_FIELD",
           "FieldSpec", "FieldType", "Kind"]

Kind = str  # a kind's name: "qa", "scenario", "leaflet", "skit", or any kind registered since
KINDS: tuple[Kind, ...] = tuple(_REGISTRY)
KIND_DIRS: dict[Kind, str] = {k.name: k.folder for k in _REGISTRY.values()}
KIND_LABELS: dict[Kind, str] = {k.name: k.label for k in _REGISTRY.values()}
SCHEMAS: dict[Kind, tuple[FieldSpec, ...]] = {k.name: k.fields for k in _REGISTRY.values()}
# The field holding the question or title, and the phone-sized text, for each kind.
TITLE_FIELD: dict[Kind, str] = {k.name: k.title_field for k in _REGISTRY.values()}
ANSWER_FIELD: dict[Kind, str] = {k.name: k.answer_field for k in _REGISTRY.values()}
