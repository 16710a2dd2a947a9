"""Danger to life: the phrase matcher every typed message goes through first (bot.core.dialogue).

Matching is careful because a false alarm on a story about a ditch costs trust, and Vietnamese typed without marks
is full of look-alikes:

- a word typed with diacritics compares with diacritics ("dạo này", "đám cưới", "đàm phán" never match "dao",
  "đâm"); the tone mark may sit on either vowel ("dọa" = "doạ");
- a word typed without any mark compares with the phrase word's folded form ("doa giet" matches "dọa giết");
- a phrase of one word matches only a word typed with its marks: folded, a single word is too ambiguous
  (dao/dạo/đào, dam/đám/đâm, chem/chém, mau/máu) and triggers only inside a listed phrase.

The phrases, the numbers and the block's text are data: the `emergency:` section of lexicon.yaml (bot.core.emergency).
"""

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import texts
from bot.core.emergency import Emergency
from bot.core.messages import Button, Reply
from bot.core.normalize import fold, has_marks, words

# The five Vietnamese tone marks (grave, acute, tilde, hook above, dot below), as combining characters.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")




def _marked(word: str) -> str:
    """A marked word with its tone mark moved to the end, so "dọa" and "doạ" (old and new placement) compare equal."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(c for c in decomposed if c in _TONES)
    rest = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return f"{rest}|{tones}"


@dataclass(frozen=True)
class _Word:
    marked: str  # compared with a typed word that carries marks
    folded: str  # compared with a typed word without any


class DangerMatcher:
    """Finds the first listed phrase in a message, under the rules of the module docstring."""

    def __init__(self, phrases: Sequence[str]) -> None:
        self._by_first: dict[str, list[tuple[str, tuple[_Word, ...]]]] = {}
        for phrase in phrases:
            parts = tuple(_Word(_marked(w), fold(w)) for w in words(phrase))
            if parts:
                self._by_first.setdefault(parts[0].folded, []).append((phrase, parts))
        for found in self._by_first.values():
            found.sort(key=lambda item: len(item[1]), reverse=True)

    def find(self, text: str) -> str | None:
        """The phrase the message contains, or None."""
        typed = [(w, has_marks(w)) for w in words(text[:4000])]
        folded = [fold(w) for w, _ in typed]
        for i, first in enumerate(folded):
            for phrase, parts in self._by_first.get(first, ()):
                end = i + len(parts)
                if end > len(typed):
                    continue
                if len(parts) == 1 and not typed[i][1]:
                    continue  # a single word typed without marks is too ambiguous on its own
                if all(_same(typed[j], folded[j], parts[j - i]) for j in range(i, end)):
                    return phrase
        return None


def _same(typed: tuple[str, bool], folded: str, word: _Word) -> bool:
    text, marked = typed
    return _marked(text) == word.marked if marked else folded == word.folded


@functools.lru_cache(maxsize=8)
def matcher(phrases: tuple[str, ...]) -> DangerMatcher:
    """One matcher per phrase list (the lexicon changes only when an editor saves it)."""
    return DangerMatcher(phrases)


def alarm(emergency: Emergency, text: str) -> bool:
    """Whether a typed message signals danger to life."""
    return emergency.configured and matcher(emergency.phrases).find(text) is not None


def mentions_danger(text: str, emergency: Emergency, danger_words: Sequence[str]) -> bool:
    """A case description that warrants the urgent flag: an emergency phrase, or a word of the lexicon's broader
    `danger_words` list (matched by the same rules)."""
    return alarm(emergency, text) or matcher(tuple(danger_words)).find(text) is not None


def emergency_reply(emergency: Emergency, urgent: Button | None, *, buttons: bool = True) -> Reply:
    """The emergency block, with the urgent "🆘 Hỏi cán bộ" when an escalation flow can take it; without buttons,
    a hint to type /chuyen instead (a numbered choice would clash with those of the answer that follows)."""
    if urgent is not None and not buttons:
        return Reply(f"{emergency.block()}\n\n{texts.EMERGENCY_ESCALATE_HINT}")
    return Reply(emergency.block(), (urgent,) if urgent is not None else ())
