"""The short citation line under every answer: "Căn cứ: Luật HGCS (Điều 3, 18–21, 24) · NĐ 15/2014 (Điều 5)".

Grouped by document in the order first cited, each document once under its short name (`abbr` in documents.yaml),
its articles in increasing order with runs of three or more as a range. Clauses and points are left to
"📖 Xem điều luật". A line never exceeds MAX_LINE characters: the documents cited last give way to
"và N văn bản khác" first, then, if one document cites too many articles, its last articles to "và N điều khác".
"""

from collections.abc import Mapping, Sequence

from bot.core import texts
from bot.core.knowledge import Citation, Document

MAX_LINE = 160  # characters: one or two lines on a cheap phone


def citation_line(citations: Sequence[Citation], documents: Mapping[str, Document], limit: int = MAX_LINE) -> str:
    """The short line for these citations ("" when there are none), at most `limit` characters."""
    groups = _groups(citations, documents)
    if not groups:
        return ""
    parts = [_group(name, _tokens(articles)) for name, articles in groups]
    for keep in range(len(parts), 0, -1):
        line = _line(parts[:keep], len(parts) - keep)
        if len(line) <= limit:
            return line
    name, articles = groups[0]
    tokens = _tokens(articles)
    for keep in range(len(tokens) - 1, 0, -1):
        left_out = len(articles) - sum(_size(t) for t in tokens[:keep])
        first = _group(name, tokens[:keep], texts.CITE_MORE_ARTICLES.format(n=left_out))
        line = _line([first], len(parts) - 1)
        if len(line) <= limit:
            return line
    return _line(parts[:1], len(parts) - 1)[: limit - 1].rstrip() + "…"


def _groups(citations: Sequence[Citation], documents: Mapping[str, Document]) -> list[tuple[str, list[int]]]:
    """(short name, sorted article numbers) per document, in the order each document is first cited."""
    articles: dict[str, set[int]] = {}
    for c in citations:
        found = articles.setdefault(c.doc, set())
        if c.article is not None:
            found.add(c.article)
    return [(_name(doc, documents), sorted(numbers)) for doc, numbers in articles.items()]


def _name(doc: str, documents: Mapping[str, Document]) -> str:
    known = documents.get(doc)
    return (known.abbr or known.short) if known else doc


def _tokens(articles: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive numbers as (first, last)."""
    runs: list[tuple[int, int]] = []
    for n in articles:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    out: list[tuple[int, int]] = []
    for first, last in runs:  # a run of two reads better as "18, 19" than as "18–19"
        out += [(first, first), (last, last)] if last == first + 1 else [(first, last)]
    return out


def _size(token: tuple[int, int]) -> int:
    return token[1] - token[0] + 1


def _token_text(token: tuple[int, int]) -> str:
    first, last = token
    return str(first) if first == last else texts.CITE_RANGE.format(first=first, last=last)


def _group(name: str, tokens: list[tuple[int, int]], more: str = "") -> str:
    if not tokens:
        return name
    return texts.CITE_GROUP.format(document=name, articles=", ".join(map(_token_text, tokens)) + more)


def _line(parts: list[str], left_out: int) -> str:
    more = texts.CITE_MORE_DOCUMENTS.format(n=left_out) if left_out else ""
    return texts.CITE_SHORT_LINE.format(groups=texts.CITE_SEPARATOR.join(parts) + more)
