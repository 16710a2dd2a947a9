"""Channel-neutral renderings of entries: the citation lines and the public JSON shape of a search result."""

from collections.abc import Mapping, Sequence
from typing import Any

from bot.core import texts
from bot.core.citeline import citation_line
from bot.core.knowledge import Citation, Document, Entry
from bot.core.search import Hit

__all__ = ["citation_line", "cite_one", "cited_articles", "detailed_citation_line", "entry_text", "heading", "hit_json"]


def cite_one(c: Citation, documents: Mapping[str, Document]) -> str:
    """'điểm a khoản 1 Điều 7 Luật Hòa giải ở cơ sở' (or the document alone when no article is cited)."""
    doc = documents.get(c.doc)
    name = doc.short if doc else c.doc
    if c.article is None:
        return name
    return " ".join([*_point_and_clause(c), texts.CITE_ARTICLE.format(article=c.article, document=name)])


def _point_and_clause(c: Citation) -> list[str]:
    parts = []
    if c.point:
        parts.append(texts.CITE_POINT.format(point=c.point))
    if c.clause:
        parts.append(texts.CITE_CLAUSE.format(clause=c.clause))
    return parts


def cited_articles(citations: Sequence[Citation],
                   documents: Mapping[str, Document]) -> list[tuple[Citation, str]]:
    """Each cited (document, article) once, in the order first cited, with its clauses and points in words:
    (Citation(doc, article), 'khoản 1, 2 Điều 12 Luật Hòa giải ở cơ sở')."""
    groups: dict[tuple[str, int | None], list[Citation]] = {}
    for c in citations:
        groups.setdefault((c.doc, c.article), []).append(c)
    rendered: list[tuple[Citation, str]] = []
    for (doc, article), items in groups.items():
        head = Citation(doc, article)
        clauses = sorted({c.clause for c in items if c.clause and not c.point})
        pointed = [c for c in items if c.point]
        whole = any(c.clause is None and not c.point for c in items)
        if article is None or whole or (not clauses and not pointed):
            rendered.append((head, cite_one(head, documents)))
            continue
        bits = [" ".join(_point_and_clause(c)) for c in pointed]
        if clauses:
            bits.append(texts.CITE_CLAUSE.format(clause=", ".join(str(k) for k in clauses)))
        rendered.append((head, f"{'; '.join(bits)} {cite_one(head, documents)}"))
    return rendered


def detailed_citation_line(citations: Sequence[Citation], documents: Mapping[str, Document]) -> str:
    """Clauses and points spelled out: 'Căn cứ: khoản 1, 2 Điều 12 Luật Hòa giải ở cơ sở; Điều 5 Nghị định ….'
    For the scope check's verdicts and the paperwork forms, which have no "📖 Xem điều luật" behind them."""
    if not citations:
        return ""
    return texts.CITATION_LINE.format(citations="; ".join(text for _, text in cited_articles(citations, documents)))


def hit_json(hit: Hit) -> dict[str, Any]:
    """The public result object of `ask --json` and `/api/chat` (a stable interface)."""
    e = hit.entry
    return {
        "id": e.id,
        "kind": e.kind,
        "title": e.title,
        "answer": e.answer,
        "citations": [c.as_dict() for c in e.citations],
        "score": float(hit.score),
        "matched": hit.matched or e.title,
    }


def heading(entry: Entry) -> str:
    """What an answer starts with: the question it answers ("❓ …") for Q&A, the title for the other kinds."""
    return f"❓ {entry.title}" if entry.kind == "qa" else entry.title


def entry_text(entry: Entry, documents: Mapping[str, Document], *, heading_line: bool = False) -> str:
    """The short answer followed by its citation line, as a phone shows it (optionally under its heading)."""
    line = citation_line(entry.citations, documents)
    body = f"{entry.answer}\n\n{line}" if line else entry.answer
    return f"{heading(entry)}\n\n{body}" if heading_line else body
