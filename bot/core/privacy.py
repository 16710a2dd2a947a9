"""Masking personal data before any text a person typed is stored or shown to someone else, and spotting danger
words.

`mask_personal` replaces phone numbers, ID/CCCD numbers, bank account numbers and e-mail addresses with •••, then
people's names (`bot.core.name_mask`: after a title word such as ông, bà, anh, chị; family names such as Lò, Nguyễn).
It is the one function every place that stores user text uses (the question log, 👎 comments, the web chat history,
the cases and their messages, logbook summaries and difficulties). It never touches what a question about the law
needs: document numbers ("35/2013/QH13", "15/2014/NĐ-CP"), article numbers, amounts ("300.000 đồng", "1.500.000đ",
"2000000 đồng"), dates ("12/03/2024") or years.
"""

import re

from bot.core.name_mask import MASK, mask_names
from bot.core.normalize import fold

# Not part of a longer number, date, document number or amount written with separators.
_BEFORE = r"(?<![\d/.,\-])"
_AFTER = r"(?![\d/]|[.,]\d)"
# An amount: the number is followed by a currency or a unit of money, so it is no account or ID.
_NOT_MONEY = r"(?!\s?(?:đồng|dong|vn[dđ]|nghìn|ngàn|ngan|nghin|triệu|trieu|tỷ|ty|usd|k|đ|₫|\$)(?![^\W\d_]))"
# Vietnamese phone numbers: 0xxxxxxxxx or +84 / 84 prefixes, digits grouped with spaces, dots or dashes.
_PHONE = re.compile(_BEFORE + r"(?:\+84|84|0)(?:[\s.\-]?\d){8,10}" + _AFTER + _NOT_MONEY, re.I)
# ID numbers (CMND 9 digits, CCCD 12 digits) and bank accounts (8–19 digits, or groups of 4 like a card number).
_NUMBER = re.compile(_BEFORE + r"(?:\d{8,19}|\d{4}(?:[ \-]\d{4}){2,4})" + _AFTER + _NOT_MONEY, re.I)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_WORD = re.compile(r"[^\W_]+")


def mask_personal(text: str) -> str:
    """Replace e-mail addresses, phone numbers, ID/CCCD and bank account numbers, then names, with •••."""
    return mask_names(mask_numbers(text))


def mask_numbers(text: str) -> str:
    """Only e-mail addresses and phone, ID/CCCD and bank account numbers: for text that names someone or somewhere on
    purpose (a contest name, a village) and for the assistant's own replies."""
    return _NUMBER.sub(MASK, _PHONE.sub(MASK, _EMAIL.sub(MASK, text)))


def mentions_danger(text: str, danger_words: tuple[str, ...]) -> bool:
    """True when the text contains a word or phrase of the danger list (compared without diacritics)."""
    folded = " " + " ".join(_WORD.findall(fold(text))) + " "
    return any(" " + " ".join(_WORD.findall(fold(w))) + " " in folded for w in danger_words)
