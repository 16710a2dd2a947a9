"""The short citation line under every answer: grouped by document, short names, at most 160 characters."""

import pytest

from bot.core.citeline import MAX_LINE
from bot.core.knowledge import BUNDLED_KNOWLEDGE, Citation
from bot.core.render import citation_line
from bot.core.validation import load_knowledge

KB = load_knowledge(BUNDLED_KNOWLEDGE).knowledge
DOCS = KB.documents


def line(*cites: tuple[str, int | None] | tuple[str, int | None, int | None, str | None]) -> str:
    return citation_line([Citation(*c) for c in cites], DOCS)


def test_the_issue_example_groups_by_document_with_short_names_and_ranges() -> None:
    got = line(("35/2013/QH13", 24, 2, "h"), ("35/2013/QH13", 3), ("15/2014/NĐ-CP", 5, 1, None), ("35/2013/QH13", 18),
               ("35/2013/QH13", 19), ("35/2013/QH13", 20), ("35/2013/QH13", 21), ("91/2015/QH13", 175, 1, None))
    assert got == "Căn cứ: Luật HGCS (Điều 3, 18–21, 24) · NĐ 15/2014 (Điều 5) · BLDS 2015 (Điều 175)"


def test_each_document_and_article_appears_once_and_clauses_stay_behind_the_button() -> None:
    got = line(("35/2013/QH13", 9, 1, None), ("35/2013/QH13", 9, 2, "a"), ("35/2013/QH13", 7))
    assert got == "Căn cứ: Luật HGCS (Điều 7, 9)"
    assert "khoản" not in got and "điểm" not in got


def test_two_consecutive_articles_are_listed_and_three_make_a_range() -> None:
    assert line(("91/2015/QH13", 463), ("91/2015/QH13", 464)) == "Căn cứ: BLDS 2015 (Điều 463, 464)"
    assert line(*[("91/2015/QH13", n) for n in (466, 463, 465, 464, 468)]) == "Căn cứ: BLDS 2015 (Điều 463–466, 468)"


def test_a_document_cited_as_a_whole_shows_its_short_name_alone() -> None:
    assert line(("151/2025/NĐ-CP", None), ("35/2013/QH13", 3)) == "Căn cứ: NĐ 151/2025 · Luật HGCS (Điều 3)"
    assert line(("35/2013/QH13", None), ("35/2013/QH13", 3)) == "Căn cứ: Luật HGCS (Điều 3)"


def test_no_citation_no_line() -> None:
    assert citation_line([], DOCS) == ""


def test_a_line_too_long_names_how_many_documents_it_leaves_to_the_button() -> None:
    docs = ["35/2013/QH13", "15/2014/NĐ-CP", "91/2015/QH13", "100/2015/QH13", "52/2014/QH13", "13/2022/QH15",
            "102/2016/QH13", "39/2009/QH12", "92/2015/QH13"]
    cites = [Citation(d, n) for d in docs for n in (101, 103, 105)]
    got = citation_line(cites, DOCS)
    assert len(got) <= MAX_LINE
    kept = got.count("(Điều")
    assert 1 <= kept < len(docs) and got.endswith(f" và {len(docs) - kept} văn bản khác")
    assert got.startswith("Căn cứ: Luật HGCS (Điều 101, 103, 105) · NĐ 15/2014 (Điều 101, 103, 105)")


def test_one_document_citing_too_many_articles_names_how_many_it_leaves_out() -> None:
    cites = [Citation("91/2015/QH13", n) for n in range(100, 200, 2)] + [Citation("35/2013/QH13", 3)]
    got = citation_line(cites, DOCS)
    assert len(got) <= MAX_LINE and got.startswith("Căn cứ: BLDS 2015 (Điều 100, 102, ")
    shown = got.split("(Điều ")[1].split(" và ")[0].split(", ")
    assert got.endswith(f" và {50 - len(shown)} điều khác) và 1 văn bản khác")


def test_an_unknown_document_or_one_without_abbr_still_gets_a_name() -> None:
    assert line(("99/2099/QH99", 1)) == "Căn cứ: 99/2099/QH99 (Điều 1)"


@pytest.mark.parametrize("entry", KB.published(), ids=lambda e: e.id)
def test_every_published_entry_has_a_line_of_at_most_160_characters(entry) -> None:  # type: ignore[no-untyped-def]
    got = citation_line(entry.citations, DOCS)
    assert got.startswith("Căn cứ: ") and len(got) <= MAX_LINE == 160, (len(got), got)
    for c in entry.citations:  # every document is named, by its short name, unless the line says it left some out
        assert DOCS[c.doc].abbr in got or " văn bản khác" in got, (c.doc, got)
