"""Trắc nghiệm: a question (often a short situation) with 3 or 4 choices, each right or wrong with its explanation.

Quiz items train mediators (/onluyen, the daily question, contests) and are self-tests in the library; they are not
answers to questions, so search leaves them out (`searchable=False`).
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.core import texts
from bot.core.kinds.base import HEAD, TAIL, EntryKind
from bot.core.kinds.fields import LINE, FieldSpec
from bot.core.kinds.list_fields import CHOICES

if TYPE_CHECKING:
    from bot.core.knowledge import Entry


class QuizKind(EntryKind):
    def chat_text(self, entry: "Entry") -> str:
        """The numbered choices under the question (the heading), as a self-test: the answers wait behind
        "Xem thêm"."""
        return "\n".join(f"{i}. {c['text']}" for i, c in enumerate(entry.data.get("choices") or [], 1))

    def has_more(self, data: Mapping[str, Any]) -> bool:
        return True

    def long_form(self, entry: "Entry") -> list[str]:
        """Each choice marked right or wrong, with why."""
        lines = []
        for i, c in enumerate(entry.data.get("choices") or [], 1):
            mark = texts.QUIZ_RIGHT_MARK if c.get("correct") else texts.QUIZ_WRONG_MARK
            why = f": {c['explanation']}" if c.get("explanation") else ""
            lines.append(f"{mark} {i}. {c['text']}{why}")
        return [f"{texts.QUIZ_ANSWERS}\n" + "\n".join(lines)]


KIND = QuizKind(
    name="quiz", folder="quiz", slug="trac-nghiem", title_field="question", answer_field="question",
    title_in_answer=False, searchable=False,
    fields=HEAD + (FieldSpec("question", LINE, max_len=400), FieldSpec("choices", CHOICES)) + TAIL,
)
