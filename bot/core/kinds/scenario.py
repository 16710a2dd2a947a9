"""Tình huống mẫu: a worked case, from the situation through the legal analysis to the steps and pitfalls."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.core import texts
from bot.core.kinds.base import ALT_QUESTIONS, EXAMPLES, HEAD, TAIL, TITLE, EntryKind
from bot.core.kinds.fields import TEXT, FieldSpec
from bot.core.kinds.list_fields import LINES

if TYPE_CHECKING:
    from bot.core.knowledge import Entry


class ScenarioKind(EntryKind):
    def has_more(self, data: Mapping[str, Any]) -> bool:
        return True

    def long_form(self, entry: "Entry") -> list[str]:
        """The title, then each section with its heading; steps numbered, other lists as bullets."""
        parts = [entry.title]
        for key, label in texts.SCENARIO_SECTIONS.items():
            value = entry.data.get(key)
            if isinstance(value, list):
                body = "\n".join(f"{i}. {v}" if key == "steps" else f"• {v}" for i, v in enumerate(value, 1))
            else:
                body = str(value or "")
            if body:
                parts.append(f"{label}\n{body}")
        return parts


KIND = ScenarioKind(
    name="scenario", folder="scenarios", slug="tinh-huong", title_field="title", answer_field="summary",
    fields=HEAD + (
        TITLE,
        ALT_QUESTIONS,
        FieldSpec("summary", TEXT, max_len=900, block=True),
        FieldSpec("situation", TEXT, max_len=4000, block=True),
        FieldSpec("analysis", TEXT, max_len=6000, block=True),
        FieldSpec("steps", LINES),
        FieldSpec("pitfalls", LINES),
        FieldSpec("escalate_when", LINES),
        EXAMPLES,
    ) + TAIL,
)
