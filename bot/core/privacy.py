"""Masking personal numbers before a text reaches a log or a staff chat preview, and spotting danger words."""

import re

from bot.core.normalize import fold

# Vietnamese phone numbers (0xxxxxxxxx, +84 / 84 prefixes, with spaces or dots) and 9- or 12-digit ID numbers.
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
_ID = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")
MASK = "•••"
_WORD = re.compile(r"[^\W_]+")


def mask_personal(text: str) -> str:
    """Replace phone numbers and 9/12-digit ID numbers with •••."""
    return _ID.sub(MASK, _PHONE.sub(MASK, text))


def mentions_danger(text: str, danger_words: tuple[str, ...]) -> bool:
    """True when the text contains a word or phrase of the danger list (compared without diacritics)."""
    folded = " " + " ".join(_WORD.findall(fold(text))) + " "
    return any(" " + " ".join(_WORD.findall(fold(w))) + " " in folded for w in danger_words)
