"""Names in a story say who, not what the matter is: `name_mask` finds them, `strip_names` drops them."""

from bot.core.asking import WORD
from bot.core.query import name_mask, strip_names


def _names(text: str) -> list[str]:
    return [w for w, is_name in zip(WORD.findall(text), name_mask(text), strict=True) if is_name]


def test_capitalised_words_after_a_title_word_are_a_name_of_at_most_three_words() -> None:
    assert _names("Chị Lò Thị Hương Giang cho mượn bò") == ["Lò", "Thị", "Hương"]
    assert _names("nhà bác Nam ở bản Mòng có tranh chấp") == ["Nam", "Mòng"]


def test_a_single_capital_letter_stands_for_a_person() -> None:
    assert _names("Anh T và chị H kết hôn, T đi làm xa") == ["T", "H", "T"]


def test_legal_terms_and_abbreviations_are_not_names() -> None:
    assert _names("Theo Luật Hòa giải ở cơ sở Điều 3 và UBND xã") == []
    assert _names("ông UBND xã") == []


def test_punctuation_or_a_lower_case_word_ends_a_name() -> None:
    assert _names("anh Nam, Hòa giải viên thì sao") == ["Nam"]
    assert _names("anh Nam nói Hòa Bình") == ["Nam"]


def test_a_message_without_capitals_has_no_names() -> None:
    text = "anh nam va chi hoa cho muon trau"
    assert name_mask(text) == [False] * len(WORD.findall(text)) and strip_names(text) == text


def test_strip_names_keeps_everything_but_the_names() -> None:
    assert strip_names("Anh T và chị Lò Thị H cãi nhau") == "Anh  và chị    cãi nhau"
