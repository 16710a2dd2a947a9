"""Folding Vietnamese text for search: marks removed, words where they were."""

import unicodedata

from bot.core.normalize import fold, fold_word, folded_words, words


def test_folding_removes_marks_and_case() -> None:
    assert fold("Hòa giải viên Đà Bắc") == "hoa giai vien da bac"
    assert fold_word("nghĩa") == "nghia"


def test_a_text_folded_at_once_has_the_words_folded_one_by_one() -> None:
    texts = ["Trâu ăn lúa, ai đền? Điều 3 Luật 35/2013/QH13.", "Ông A-Phủ (bản Mòng) nợ 5tr_đồng",
             unicodedata.normalize("NFD", "Người hòa giải được hưởng thù lao"), "Æsir ß ð × ñ", ""]
    for text in texts:
        assert folded_words(text) == [fold_word(w) for w in words(text)]
    assert folded_words("Ông A-Phủ nợ 5tr") == ["ong", "a", "phu", "no", "5tr"]
