"""A kind of knowledge entry, declared as one object: where its files live, its fields in canonical order, which
field is its title and which its phone-sized text, and how it renders in the chat ("Xem thêm"), in the public library
(its template) and in the console (its fields' widgets).

A new kind is a module in this package declaring one `EntryKind` (a subclass when it renders more than the default),
registered in bot/core/kinds/__init__.py, plus its library template and its Vietnamese labels in bot.core.texts.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core import texts
from bot.core.errors import KnowledgeError
from bot.core.kinds.fields import DATE, ID, LINE, STATUS, TEXT, FieldSpec
from bot.core.kinds.list_fields import CITATIONS, LINES, TOPICS

if TYPE_CHECKING:
    from bot.core.knowledge import Entry


@dataclass(frozen=True)
class EntryKind:
    name: str  # the value of `kind` (API, database, buttons): lower-case ASCII
    folder: str  # knowledge/<folder>/<id>.yaml
    slug: str  # the public library's address: /thu-vien/<slug>/<id>
    fields: tuple[FieldSpec, ...]  # in the canonical order of the file
    title_field: str  # the question or title: what search matches first and lists show
    answer_field: str  # the phone-sized text the chat answers with
    title_in_answer: bool = True  # the chat answer starts with the title (a Q&A's question is already asked)
    printable: bool = False  # the library offers printing, A4/A5 and a PDF (leaflets)
    searchable: bool = True  # answers questions; False keeps the kind out of the search index (quiz items)

    @property
    def label(self) -> str:
        """The kind's name as people read it (bot.core.texts.KIND_LABELS)."""
        return texts.KIND_LABELS[self.name]

    @property
    def library_template(self) -> str:
        """The public library's rendering of the entry's body: bot/web/templates/library/kinds/<name>.html."""
        return f"kinds/{self.name}.html"

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    # -- the chat ---------------------------------------------------------------------------------------------------

    def chat_text(self, entry: "Entry") -> str:
        """The phone-sized text an answer shows (and the console's preview): the answer field by default."""
        return entry.answer

    # -- the chat's "📖 Xem thêm" ----------------------------------------------------------------------------------

    def has_more(self, data: Mapping[str, Any]) -> bool:
        """Whether `long_form` has anything to show (checked on every answer, so without building it)."""
        return False

    def long_form(self, entry: "Entry") -> list[str]:
        """The sections "Xem thêm" shows before the related entries and the citation line."""
        return []

    # -- rules across fields ---------------------------------------------------------------------------------------

    def cross_check(self, data: Mapping[str, Any], path: str, lines: Mapping[str, int]) -> list[KnowledgeError]:
        """Rules that tie fields together (e.g. a skit's script names only its roles); the fields are valid."""
        return []


# Fields every kind has: the id first; the legal basis, review and workflow fields last.
HEAD = (FieldSpec("id", ID),)
TAIL = (
    FieldSpec("topics", TOPICS),
    FieldSpec("citations", CITATIONS),
    FieldSpec("sources", LINES),
    FieldSpec("related", LINES, required=False),
    FieldSpec("note", TEXT, required=False, max_len=2000, block=True),
    FieldSpec("reviewed", DATE),
    FieldSpec("status", STATUS),
)
ALT_QUESTIONS = FieldSpec("alt_questions", LINES)
# Questions as people really asked them (stories, shorthand, two questions in one), one per line: never shown to
# users; search learns from them to recognise a long message that this entry answers (bot/core/search_data.py).
EXAMPLES = FieldSpec("examples", LINES, required=False)
TITLE = FieldSpec("title", LINE, max_len=200)
