"""A direct answer's lead is measured against the first entry that answers on another legal basis: entries of one
family (a question, its scenario, its leaflet) citing the same article are no rivals."""

from bot.core.basis import basis_signals, citation_keys
from bot.core.knowledge import Entry

LAW = ("35/2013/QH13", 8)
CODE = ("91/2015/QH13", 584)


def test_a_runner_up_on_the_same_article_is_no_rival() -> None:
    margin, lead, share = basis_signals([(1.0, [LAW]), (0.95, [LAW, CODE]), (0.6, [CODE])])
    assert round(margin, 6) == 0.4 and round(lead, 6) == 0.4 and share == 0.25


def test_a_runner_up_on_another_article_is_the_rival() -> None:
    margin, _, share = basis_signals([(1.0, [LAW]), (0.95, [CODE]), (0.9, [LAW])])
    assert round(margin, 6) == 0.05 and share == 0.25


def test_only_the_first_two_citations_of_the_best_entry_are_its_basis() -> None:
    later = ("35/2013/QH13", 3)
    margin, _, _ = basis_signals([(1.0, [LAW, CODE, later]), (0.9, [later])])
    assert round(margin, 6) == 0.1  # the runner-up shares only a detail article: it answers on another basis


def test_without_a_rival_among_the_candidates_the_whole_score_leads() -> None:
    margin, lead, share = basis_signals([(0.8, [LAW]), (0.7, [LAW])])
    assert round(margin, 6) == 0.8 and lead == 1.0 and share == 0.25


def test_no_entries_give_no_signals() -> None:
    assert basis_signals([]) == [0.0, 0.0, 0.0]


def test_citation_keys_ignore_spacing_and_case_of_the_document_and_skip_citations_without_article() -> None:
    entry = Entry("qa", {"id": "x", "citations": [{"doc": "35/2013/qh13 ", "article": 8}, {"doc": "15/2014/NĐ-CP"}]})
    assert citation_keys(entry) == (LAW,)
