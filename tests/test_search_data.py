"""The index's arrays say what the entries say: each row's distinct words, each entry's words with their counts in
its whole text, its neighbouring word pairs — built for all entries at once, checked here entry by entry."""

from collections import Counter

import numpy as np
import pytest

from bot.core.knowledge import Entry
from bot.core.normalize import Normalizer, fold, words
from bot.core.search_build import build_data
from bot.core.search_data import EXAMPLE, SearchData, entry_text
from bot.core.validation import load_knowledge
from tests.conftest import SAMPLE, qa, write_knowledge

REPEATED = qa("trau-an-lua", "Trâu ăn lúa nhà bên thì ai đền?", ["trâu bò phá lúa"],
              "Trâu của ai thì chủ trâu đền. Trâu phá lúa, chủ trâu phải đền lúa.", article=3,
              examples=["Xin hỏi trâu nhà ông Khu ăn hết lúa nhà tôi thì ông ấy có phải đền không?"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchData, list[Entry]]:
    root = write_knowledge(tmp_path_factory.mktemp("kb"), [("qa", e) for e in [*SAMPLE, REPEATED]])
    kb = load_knowledge(root).knowledge
    entries = kb.for_search().published()
    return build_data(entries, Normalizer(kb.lexicon), kb.lexicon.weak_words), entries


def _rows_of(data: SearchData, entry: int) -> list[np.ndarray]:
    return [data.seq.row(r) for r in range(len(data.owner)) if data.owner[r] == entry]


def _whole_ids(data: SearchData, entry: Entry) -> list[int]:
    return [data.vocab[fold(w)] for w in words(entry_text(entry))]


def test_each_rows_distinct_words_are_its_words_sorted(built: tuple[SearchData, list[Entry]]) -> None:
    data, _ = built
    for r in range(len(data.owner)):
        assert data.uniq.row(r).tolist() == sorted(set(data.seq.row(r).tolist()))


def test_an_entrys_words_are_those_of_its_rows_and_its_whole_text(built: tuple[SearchData, list[Entry]]) -> None:
    data, entries = built
    for i, entry in enumerate(entries):
        expected = set(_whole_ids(data, entry)) | {t for row in _rows_of(data, i) for t in row.tolist()}
        assert data.entry_words.row(i).tolist() == sorted(expected)


def test_a_word_said_three_times_weighs_more_than_one_said_once(built: tuple[SearchData, list[Entry]]) -> None:
    data, entries = built
    i = next(k for k, e in enumerate(entries) if e.id == "trau-an-lua")
    counts = Counter(_whole_ids(data, entries[i]))
    row = data.entry_words.row(i).tolist()
    tf = dict(zip(row, data.entry_tf[data.entry_words.indptr[i]:data.entry_words.indptr[i + 1]].tolist(), strict=True))
    trau, ai = data.vocab["trau"], data.vocab["ai"]
    assert counts[trau] > counts[ai] >= 1 and tf[trau] > tf[ai]
    het = data.vocab["het"]  # a word only the example has counts once
    assert counts[het] == 0 and tf[het] == min(tf.values())


def test_an_entrys_pairs_are_the_neighbours_within_each_row_and_within_its_text(
        built: tuple[SearchData, list[Entry]]) -> None:
    data, entries = built
    for i, entry in enumerate(entries):
        pieces = [row.tolist() for row in _rows_of(data, i)] + [_whole_ids(data, entry)]
        expected = {(a << 32) | b for ids in pieces for a, b in zip(ids, ids[1:], strict=False)}
        assert data.entry_pairs.row(i).tolist() == sorted(expected)


def test_words_are_numbered_in_reading_order(built: tuple[SearchData, list[Entry]]) -> None:
    data, entries = built
    first_title = [fold(w) for w in words(entries[0].title)]
    assert [data.vocab[w] for w in dict.fromkeys(first_title)] == list(range(len(dict.fromkeys(first_title))))
    assert (data.slot == EXAMPLE).sum() == 1
