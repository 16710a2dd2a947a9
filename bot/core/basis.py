"""The legal basis an entry answers on (the articles it cites) and how far the best entry leads the best one that
answers on another basis. Entries often come in families — a question, its scenario, its leaflet — that cite the
same article: a runner-up from the same family is no rival, and the lead that matters for a direct answer is the one
over the first entry that would answer differently."""

from collections.abc import Iterable, Sequence

from bot.core.evaluate import doc_key
from bot.core.knowledge import Entry

Key = tuple[str, int]
BASIS_SIGNALS = ("basis_margin", "basis_lead", "basis_share")
_BASIS = 2  # the first citations of an entry are the articles that decide its matter; later ones add detail
_NEIGHBOURS = 4  # how many runners-up `basis_share` looks at


def citation_keys(entry: Entry) -> tuple[Key, ...]:
    """(document, article) of each citation that names an article, the document folded and without spaces."""
    return tuple((doc_key(c.doc), int(c.article)) for c in entry.citations
                 if c.article is not None)


def basis_signals(ranked: Iterable[tuple[float, Sequence[Key]]]) -> list[float]:
    """For entries by score (score, citation keys), best first: the best score's lead over the first entry that
    shares none of the best entry's deciding articles (absolute and relative to the best score), and the share of
    the next few entries that do share one, in BASIS_SIGNALS order. Reads `ranked` only as far as it needs."""
    entries = iter(ranked)
    first = next(entries, None)
    if first is None:
        return [0.0, 0.0, 0.0]
    best, keys = first
    basis = set(keys[:_BASIS])
    rival: float | None = None
    neighbours_alike = 0
    for i, (score, other) in enumerate(entries):
        same = bool(basis.intersection(other))
        if same and i < _NEIGHBOURS:
            neighbours_alike += 1
        if rival is None and not same:
            rival = score
        if rival is not None and i + 1 >= _NEIGHBOURS:
            break
    margin = best - (rival if rival is not None else 0.0)
    return [margin, margin / best if best > 0 else 0.0, neighbours_alike / _NEIGHBOURS]
