"""Vietnamese text normalization for search: NFC, lower case, diacritic folding, shorthand, fillers.

The shorthand and filler lists are data (`knowledge/lexicon.yaml`); this module only applies them.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass

from bot.core.knowledge import Lexicon


def _build_fold_table() -> dict[int, str]:
    """Map every precomposed Latin letter with marks (all Vietnamese letters among them) to its base letter."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d", ord("ð"): "d"}
    for code in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base and base != ch and base.isascii():
            table[code] = base.lower()
    return table


_FOLD = _build_fold_table()
_CACHE: dict[tuple[str, bool], "Normalized"] = {}
_CACHE_KEY: object = None
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 50_000
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without diacritics: 'Hòa giải viên Đà' -> 'hoa giai vien da'."""
    return unicodedata.normalize("NFC", text).lower().translate(_FOLD)


def fold_word(word: str) -> str:
    """`fold` of a word already in lower-case NFC (as `words` returns them): only the marks to remove."""
    return word.translate(_FOLD)


def has_marks(text: str) -> bool:
    """True when the text carries Vietnamese diacritics (the user typed the marks)."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return lowered != lowered.translate(_FOLD)


def words(text: str) -> list[str]:
    """Lower-case NFC words (letters and digits), diacritics kept."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def folded_words(text: str) -> list[str]:
    """`[fold_word(w) for w in words(text)]`, folded in one pass over the text: folding maps letters to letters, so
    the words fall where they fell."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Normalized:
    """A query or phrasing after normalization: accented words and their folded twins, aligned."""

    accented: tuple[str, ...]
    folded: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.folded)


class Normalizer:
    """Applies a lexicon: shorthand expansion (exact typed form) and filler removal.

    A filler word matches a typed word with the same marks, or an unaccented typed word equal to its folded form;
    one-word fillers ("ạ", "nhé", "nha") are dropped only at the end of the question, because in the middle
    an unaccented "nha" is far more often "nhà".
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self._shorthand = {k: tuple(words(v)) for k, v in lexicon.shorthand.items()}
        self._multi: dict[str, list[tuple[tuple[str, str], ...]]] = {}
        self._single: set[tuple[str, str]] = set()
        for filler in lexicon.fillers:
            phrase = tuple((w, fold(w)) for w in words(filler))
            if len(phrase) == 1:
                self._single.add(phrase[0])
            elif phrase:
                self._multi.setdefault(phrase[0][1], []).append(phrase)
        self._single_typed = frozenset(t for t, _ in self._single)
        self._single_folded = frozenset(f for _, f in self._single)
        for phrases in self._multi.values():
            phrases.sort(key=len, reverse=True)
        self._folds: dict[str, str] = {}  # word -> folded: a vocabulary is small, its words recur endlessly
        self._fingerprint = (tuple(sorted(lexicon.shorthand.items())), tuple(lexicon.fillers))

    def cached(self, text: str, *, drop_fillers: bool = True) -> Normalized:
        """`self(text)`, remembered across indexes built with the same shorthand and fillers: rebuilding the index
        on every publish would otherwise normalize every phrasing and example again."""
        with _CACHE_LOCK:
            global _CACHE_KEY
            if self._fingerprint != _CACHE_KEY:
                _CACHE.clear()
                _CACHE_KEY = self._fingerprint
            found = _CACHE.get((text, drop_fillers))
        if found is None:
            found = self(text, drop_fillers=drop_fillers)
            with _CACHE_LOCK:
                if len(_CACHE) >= _CACHE_SIZE:  # bounded: a 100,000-phrasing benchmark must not keep them all
                    _CACHE.clear()
                if self._fingerprint == _CACHE_KEY:
                    _CACHE[(text, drop_fillers)] = found
        return found

    def fold_word(self, word: str) -> str:
        """`fold` of one lower-case NFC word, remembered."""
        folded = self._folds.get(word)
        if folded is None:
            if len(self._folds) > 200_000:  # questions bring new words without end: stay bounded
                self._folds.clear()
            folded = self._folds[word] = word.translate(_FOLD)
        return folded

    def __call__(self, text: str, *, drop_fillers: bool = True) -> Normalized:
        typed: list[str] = []
        for w in words(text[:2000]):
            typed.extend(self._shorthand.get(w, (w,)))
        folded = [self.fold_word(w) for w in typed]
        if drop_fillers and typed:
            keep = self._keep_mask(typed, folded)
            if any(keep):  # a question made only of filler words stays as typed
                typed = [t for t, k in zip(typed, keep, strict=True) if k]
                folded = [f for f, k in zip(folded, keep, strict=True) if k]
        return Normalized(tuple(typed), tuple(folded))

    def _is_single_filler(self, typed: str, folded: str) -> bool:
        """`_same` as one of the one-word fillers: typed with its marks, or typed without marks as its folded form."""
        return typed in self._single_typed or (typed == folded and folded in self._single_folded)

    def _keep_mask(self, typed: list[str], folded: list[str]) -> list[bool]:
        n = len(typed)
        keep = [True] * n
        for i in range(n):
            for phrase in self._multi.get(folded[i], ()):
                end = i + len(phrase)
                if end <= n and all(keep[i:end]) and all(
                    _same(typed[j], folded[j], phrase[j - i]) for j in range(i, end)
                ):
                    keep[i:end] = [False] * len(phrase)
                    break
        end = n
        while end > 0 and (not keep[end - 1] or self._is_single_filler(typed[end - 1], folded[end - 1])):
            keep[end - 1] = False
            end -= 1
        return keep


def _same(typed: str, folded: str, filler: tuple[str, str]) -> bool:
    """Same word as the filler: same marks, or typed without marks and equal once the filler's are removed."""
    return typed == filler[0] or (typed == folded and folded == filler[1])
