""""📖 Xem điều luật": the verbatim text of the articles an entry cites, paged to the channel's limit.

What was cited comes first: for each cited article, in the order the entry cites them, the cited clauses (or the
whole article when no clause is cited); then, for the articles cut that way, the rest of each article in its own
order, so nothing of the text is lost. An article whose text is not bundled says so and names its document and
number. The text itself is never changed: only whole clauses are moved, each under a heading that says which.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import texts
from bot.core.actions import act
from bot.core.articles import Article, parts
from bot.core.knowledge import Citation, Entry, KnowledgeBase
from bot.core.messages import Button, Reply
from bot.core.views import split_pages

# Room kept on every page for "(trang 2/3)" and, on channels without buttons, the numbered choices under it
# ("1. Xem tiếp ▶ (3/4)", "2. ◀ Trang trước", "3. ↩ Về câu trả lời" and the hint), so a page stays one message.
_PAGE_NOTE_ROOM = 200


@dataclass(frozen=True)
class Section:
    """A heading and the lines under it; a page that starts inside a section repeats `label` as "(tiếp)"."""

    heading: str
    label: str
    lines: tuple[str, ...]


def law_sections(entry: Entry, kb: KnowledgeBase) -> list[Section]:
    """The cited parts first, then the rest of the articles that were cut."""
    first: list[Section] = []
    rest: list[Section] = []
    for (doc_number, number), items in _by_article(entry.citations).items():
        document = kb.documents.get(doc_number)
        if number is None:
            name = _numbered(document.name if document else doc_number, doc_number)
            first.append(Section(texts.LAW_WHOLE_DOCUMENT_HEAD.format(document=name), name,
                                 (texts.LAW_WHOLE_DOCUMENT,)))
            continue
        named = _numbered(document.short if document else doc_number, doc_number)
        label = texts.LAW_LABEL.format(article=number, document=document.short if document else doc_number)
        cited = _cited_words(items)
        article = kb.articles.get((doc_number, number))
        if article is None:
            heading = texts.LAW_MISSING_HEAD.format(article=number, document=named)
            first.append(Section(_with_cited(heading, cited), label, (texts.LAW_NOT_BUNDLED,)))
            continue
        shown, remainder = _cited_first(article, items)
        heading = texts.LAW_HEAD.format(article=number, title=article.title, document=named)
        first.append(Section(_with_cited(heading, cited, moved=bool(remainder)), label, shown))
        if remainder:
            rest.append(Section(texts.LAW_REST_HEAD.format(label=label), label, remainder))
    return first + rest


def law_pages(entry: Entry, kb: KnowledgeBase, limit: int) -> list[str]:
    """The sections as pages of at most `limit` characters (room kept for the page note)."""
    budget = max(limit - _PAGE_NOTE_ROOM, 200)
    pages: list[list[str]] = [[texts.LAW_INTRO.format(title=entry.title)]]
    for section in law_sections(entry, kb):
        for i, line in enumerate(_fitted(section, budget)):
            page = pages[-1]
            addition = ["", line] if i == 0 else [line]
            if len("\n".join([*page, *addition])) > budget:
                page = [] if i == 0 else [texts.LAW_CONTINUED.format(label=section.label)]
                pages.append(page)
                addition = [line]
            page.extend(addition)
    return ["\n".join(p).strip() for p in pages if any(line.strip() for line in p)]


def law_reply(entry: Entry, kb: KnowledgeBase, page: int, limit: int) -> Reply:
    """One page, with ◀ / "Xem tiếp ▶ (2/3)" and the way back to the answer."""
    pages = law_pages(entry, kb, limit)
    page = min(max(page, 1), len(pages))
    text = pages[page - 1]
    if len(pages) > 1:
        text += "\n" + texts.MORE_PAGE.format(page=page, pages=len(pages))
    buttons = []
    if page < len(pages):
        buttons.append(Button(texts.BTN_NEXT.format(page=page + 1, pages=len(pages)), act("law", entry.id, page + 1)))
    if page > 1:
        buttons.append(Button(texts.BTN_PREV, act("law", entry.id, page - 1)))
    buttons.append(Button(texts.BTN_BACK_TO_ANSWER, act("e", entry.id)))
    return Reply(text, tuple(buttons))


# -- the pieces -------------------------------------------------------------------------------------------------------


def _by_article(citations: Sequence[Citation]) -> dict[tuple[str, int | None], list[Citation]]:
    groups: dict[tuple[str, int | None], list[Citation]] = {}
    for c in citations:
        groups.setdefault((c.doc, c.article), []).append(c)
    return groups


def _cited_words(items: Sequence[Citation]) -> str:
    """'điểm h khoản 2, khoản 3' (empty when the whole article is cited)."""
    if any(c.clause is None and c.point is None for c in items):
        return ""
    words: list[str] = []
    for c in sorted(items, key=lambda c: (c.clause or 0, c.point or "")):
        bits = ([texts.CITE_POINT.format(point=c.point)] if c.point else []) + \
               ([texts.CITE_CLAUSE.format(clause=c.clause)] if c.clause else [])
        if " ".join(bits) not in words:
            words.append(" ".join(bits))
    return ", ".join(words)


def _with_cited(heading: str, cited: str, *, moved: bool = False) -> str:
    """The heading with the line naming the cited clauses and points (and whether they were moved first)."""
    if not cited:
        return heading
    return f"{heading}\n{(texts.LAW_CITED_FIRST if moved else texts.LAW_CITED).format(parts=cited)}"


def _numbered(name: str, doc_number: str) -> str:
    """The document's name with its number, once: "Luật Hòa giải ở cơ sở số 35/2013/QH13", "Nghị định 15/2014/NĐ-CP"."""
    return name if doc_number in name else texts.LAW_NUMBERED.format(name=name, doc=doc_number)


def _cited_first(article: Article, items: Sequence[Citation]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the cited clauses, the rest of the article); the whole article first when it cannot or need not be cut."""
    whole = tuple(article.text.split("\n"))
    cut = parts(article)
    if cut is None or any(c.clause is None for c in items):
        return whole, ()
    cited = sorted({c.clause for c in items if c.clause is not None and c.clause in cut.clauses})
    if not cited:
        return whole, ()
    shown = tuple(line for n in cited for line in cut.clauses[n])
    rest = cut.intro + tuple(line for n, lines in cut.clauses.items() if n not in cited for line in lines)
    return shown, rest


def _fitted(section: Section, budget: int) -> list[str]:
    """The section's lines, the heading first; a line longer than a page is cut at word boundaries."""
    out: list[str] = []
    for line in (section.heading, *section.lines):
        out.extend(split_pages(line, budget - 80) if len(line) > budget - 80 else [line])
    return out
