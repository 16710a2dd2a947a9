"""Tiểu phẩm: a short play for training sessions: roles, the script, and questions for discussion."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.core import texts
from bot.core.errors import KnowledgeError
from bot.core.kinds.base import ALT_QUESTIONS, EXAMPLES, HEAD, TAIL, TITLE, EntryKind
from bot.core.kinds.fields import TEXT, FieldSpec
from bot.core.kinds.list_fields import LINES, ROLES, SCRIPT

if TYPE_CHECKING:
    from bot.core.knowledge import Entry


class SkitKind(EntryKind):
    def has_more(self, data: Mapping[str, Any]) -> bool:
        return True

    def long_form(self, entry: "Entry") -> list[str]:
        d = entry.data
        roles = "\n".join(f"• {r['name']}: {r.get('description', '')}".rstrip(": ") for r in d.get("roles", []))
        script = "\n".join(f"{s['role']}: {s['line']}" for s in d.get("script", []))
        discussion = "\n".join(f"{i}. {q}" for i, q in enumerate(d.get("discussion", []), 1))
        sections = (("roles", roles), ("script", script), ("discussion", discussion))
        return [entry.title, *(f"{texts.SKIT_SECTIONS[key]}\n{body}" for key, body in sections)]

    def cross_check(self, data: Mapping[str, Any], path: str, lines: Mapping[str, int]) -> list[KnowledgeError]:
        """Every line of the script is spoken by one of the roles."""
        if not isinstance(data.get("roles"), list) or not isinstance(data.get("script"), list):
            return []
        names = {r.get("name") for r in data["roles"] if isinstance(r, dict)}
        return [KnowledgeError(path, lines.get(f"script[{i}]", 1), texts.CHECK_SCRIPT_ROLE.format(n=i + 1, role=s.get("role")),
                               "script")
                for i, s in enumerate(data["script"]) if isinstance(s, dict) and s.get("role") not in names]


KIND = SkitKind(
    name="skit", folder="skits", slug="tieu-pham", title_field="title", answer_field="summary",
    fields=HEAD + (
        TITLE,
        ALT_QUESTIONS,
        FieldSpec("summary", TEXT, max_len=900, block=True),
        FieldSpec("roles", ROLES),
        FieldSpec("script", SCRIPT),
        FieldSpec("discussion", LINES),
        EXAMPLES,
    ) + TAIL,
)
