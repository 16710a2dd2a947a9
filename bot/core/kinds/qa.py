"""Hỏi đáp: one question, its alternate phrasings, the short answer and optional details."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.core import texts
from bot.core.kinds.base import ALT_QUESTIONS, EXAMPLES, HEAD, TAIL, EntryKind
from bot.core.kinds.fields import LINE, TEXT, FieldSpec

if TYPE_CHECKING:
    from bot.core.knowledge import Entry


class QaKind(EntryKind):
    def has_more(self, data: Mapping[str, Any]) -> bool:
        return bool(data.get("details"))

    def long_form(self, entry: "Entry") -> list[str]:
        details = entry.data.get("details")
        return [f"{texts.DETAILS_TITLE}\n{details}"] if details else []


KIND = QaKind(
    name="qa", folder="qa", slug="hoi-dap", title_field="question", answer_field="answer", title_in_answer=False,
    fields=HEAD + (
        FieldSpec("question", LINE, max_len=300),
        ALT_QUESTIONS,
        FieldSpec("answer", TEXT, max_len=900, block=True),
        FieldSpec("details", TEXT, required=False, max_len=6000, block=True),
        EXAMPLES,
    ) + TAIL,
)
