"""Search over every phrasing of every published entry, for short questions and for real messages.

A message is first read (`query.py`): its questions are separated (at most three), names are dropped and the story
around a question is kept as context at a lower weight; a message typed without marks (or with marks on only a few
words) gets back the marks the knowledge's own text makes likely (`diacritics.py`). For each question, BM25 over
folded syllables and bigrams picks candidate phrasings, the question's heaviest words pick candidate examples
(questions people asked before, stored with each entry), and the whole message is matched against each entry's
profile (all its rows together: the village words of its fifteen stories); each candidate is measured (`ranking.py`:
how much of the question it explains, how much of it the question holds, how alike they read, how many of the
nearest examples belong to its entry, how well its entry's profile fits); hits are collapsed by entry and the
outcome (answer / suggest / none) is decided from how well the best entry covers the question and whether the
ranking without profiles agrees (`decide.py`).
"""

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.core.basis import basis_signals, citation_keys
from bot.core.candidates import candidates, profile_scores
from bot.core.decide import OutcomeKind, decide, decision_vector
from bot.core.diacritics import BREAK, MarkRestorer, typed_without_marks
from bot.core.domain import DomainModel
from bot.core.knowledge import Document, Entry, KnowledgeBase
from bot.core.normalize import Normalized, Normalizer
from bot.core.other_systems import DEMOTE, Cues, entry_cues, unnamed
from bot.core.query import Part, split_parts, strip_names
from bot.core.ranking import FEATURES, features, model_vector, phrase_leader, rank_matrix, story_share
from bot.core.search_build import build_data
from bot.core.search_data import META_FIELDS, SearchData, entry_texts, first_of_each, in_sorted
from bot.core.search_params import TUNED
from bot.core.terms import Corrector, Terms, make_terms, synonym_ids, synonym_table
from bot.core.trees import Forest

_F = {name: i for i, name in enumerate(FEATURES)}


def _weight(name: str) -> float:
    value = TUNED[name]
    assert isinstance(value, float)
    return value


def _model(name: str) -> tuple[float, ...]:
    value = TUNED[name]
    assert isinstance(value, tuple)
    return value


RIGHT_MODEL_FILE = Path(__file__).with_name("right_model.json")  # written by bench/tune_search.py --write
_RIGHT_MODEL = Forest.load(RIGHT_MODEL_FILE)


@dataclass(frozen=True)
class SearchConfig:
    """Weights and thresholds (0..1 scores); tuned with bench/tune_search.py on the development sets only."""

    answer_threshold: float = _weight("answer_threshold")  # answer when the right-entry model says at least this
    question_threshold: float = _weight("question_threshold")  # the same for a message of a few words (not a story)
    suggest_threshold: float = _weight("suggest_threshold")  # below this in-scope probability: none
    answer_scope: float = _weight("answer_scope")  # a direct answer needs at least this in-scope probability
    min_lead: float = _weight("min_lead")  # an answer leads the second entry by at least this share of its score
    candidates: int = 48
    max_results: int = 5
    max_suggestions: int = 3
    context_weight: float = 0.35  # weight of the story's words against the question's own words
    # the ranking model (ranking.RANK_FEATURES) and the in-scope model (decide.DECISION_FEATURES order, bias
    # last), fitted by bench/tune_search.py into search_params.py; the right-entry trees into right_model.json
    rank_model: tuple[float, ...] = _model("rank_model")
    scope_model: tuple[float, ...] = _model("scope_model")
    right_model: Forest = field(default=_RIGHT_MODEL, repr=False)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    matched: str = ""  # the phrasing (question, alternate or title) that matched best
    signals: tuple[float, ...] = field(default=(), compare=False, repr=False)  # the best phrasing's features
    position: int = field(default=-1, compare=False, repr=False)  # the entry's row in the index


@dataclass(frozen=True)
class Ranking:
    hits: list[Hit]  # the best entries, best first
    leader: int = -1  # the entry the ranking would put first without the entry profiles (`phrase_leader`)
    basis: tuple[float, ...] = (0.0, 0.0, 0.0)  # the best entry's lead over other legal bases (`basis_signals`)


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    hits: tuple[Hit, ...]
    normalized: str
    query: str = ""  # the question this outcome answers (one part of a longer message)


def _marked(norm: Normalized, guessed: Sequence[str]) -> Normalized:
    """The words with the guessed marks, except where the words were typed (or expanded) with marks of their own."""
    return Normalized(tuple(g if a == f else a for a, f, g in zip(norm.accented, norm.folded, guessed, strict=True)),
                      norm.folded)


class SearchIndex:
    """An immutable index of one knowledge snapshot. Build once, search from any thread."""

    def __init__(self, entries: Sequence[Entry], data: SearchData, normalizer: Normalizer,
                 synonyms: Sequence[Sequence[str]], config: SearchConfig, domain: DomainModel,
                 cues: Sequence[Cues] = ()) -> None:
        self.entries = entries
        self._restorer: MarkRestorer | None = None
        self._restorer_lock = threading.Lock()
        self.cues = list(cues) if any(cues) else []  # per entry: another mediation system's cue words (or none)
        self.data = data
        self.domain = domain
        self.config = config
        self._normalize = normalizer
        self._synonyms = synonym_ids(synonym_table(synonyms), data.vocab)
        self._correct = Corrector(data)
        self.citation_keys = [citation_keys(e) for e in entries]

    @property
    def restorer(self) -> MarkRestorer:
        """Counted from the entries' marked texts when a message without marks first needs it: a publish rebuilds
        the index, and most messages carry marks, so the publish does not wait for it (about 0.1 s)."""
        if self._restorer is None:
            with self._restorer_lock:
                if self._restorer is None:
                    self._restorer = MarkRestorer.from_texts(
                        t for e in self.entries for t in entry_texts(e, META_FIELDS - {"examples"}))
        return self._restorer

    @property
    def size(self) -> int:
        """Number of indexed phrasings (questions, titles and alternates)."""
        return int((self.data.slot >= 0).sum())

    @classmethod
    def build(cls, kb: KnowledgeBase, config: SearchConfig | None = None) -> "SearchIndex":
        lex = kb.lexicon
        return cls.build_from(kb.for_search().published(), Normalizer(lex), lex.synonyms, config or SearchConfig(),
                              lex.weak_words, lex.out_of_scope, kb.documents)

    @classmethod
    def build_from(
        cls,
        entries: Sequence[Entry],
        normalizer: Normalizer,
        synonym_groups: Iterable[Sequence[str]] = (),
        config: SearchConfig | None = None,
        weak_words: Iterable[str] = (),
        out_of_scope: Iterable[str] = (),
        documents: Mapping[str, Document] | None = None,
    ) -> "SearchIndex":
        data = build_data(entries, normalizer, weak_words)
        domain = DomainModel(data, out_of_scope, normalizer)
        synonyms = tuple(tuple(group) for group in synonym_groups if len(group) > 1)
        cues = entry_cues(entries, documents or {})
        return cls(list(entries), data, normalizer, synonyms, config or SearchConfig(), domain, cues)

    # -- query side -------------------------------------------------------------------------------------------------

    def search(self, query: str) -> Outcome:
        """The outcome for a message's first question (the whole message when it asks one thing)."""
        return self.search_parts(query)[0]

    def search_parts(self, message: str) -> list[Outcome]:
        """One outcome per question of the message (at most three), in the order they were asked."""
        return [self.search_part(part) for part in split_parts(message)]

    def search_part(self, part: Part) -> Outcome:
        terms = self.terms(part)
        if terms.empty or not self.data.texts:
            return Outcome("none", (), " ".join(terms.words), part.question)
        ranking = self.rank(terms)
        hits = ranking.hits
        domain, domain_question = self.domain.scores(terms.words, terms.ids, terms.n_question)
        kind = self.decide(hits, domain, self._pair_cover(terms, hits), len(terms.words),
                           bool(hits) and hits[0].position == ranking.leader, ranking.basis, domain_question)
        return Outcome(kind, tuple(hits[: self.config.max_results]), " ".join(terms.words[: terms.n_question]),
                       part.question)

    def terms(self, part: Part) -> Terms:
        question = self._normalize(strip_names(part.question))
        context = self._normalize(strip_names(part.context)) if part.context else Normalized((), ())
        if not question.folded and context.folded:
            question, context = context, Normalized((), ())
        if typed_without_marks(f"{part.question} {part.context}"):
            question, context = self._with_marks(question, context)
        return make_terms(self.data, question, context, self._synonyms, self._correct, self.config.context_weight)

    def _with_marks(self, question: Normalized, context: Normalized) -> tuple[Normalized, Normalized]:
        """A message typed without marks, with the marks the knowledge's text makes likely (`diacritics.py`); words
        typed with marks, and words a shorthand expanded, keep theirs. The question and its story are read in one
        pass, apart: no word of one is a neighbour of the other."""
        n = len(question.folded)
        guessed = self.restorer.restore((*question.folded, BREAK, *context.folded))
        return _marked(question, guessed[:n]), _marked(context, guessed[n + 1 :])

    def rank(self, terms: Terms) -> Ranking:
        """Hits by score, the entry the ranking would put first without the entry profiles (`phrase_leader`) and the
        best entry's lead over the entries that answer on another legal basis."""
        profile = profile_scores(self.data, terms)
        cand = candidates(self.data, terms, self.config.candidates, self.config.context_weight, profile=profile)
        if not len(cand):
            return Ranking([])
        feats = features(self.data, terms, cand, profile)
        slot, story = self.data.slot[cand], story_share(len(terms.words))
        matrix = rank_matrix(feats, slot, story)
        scores = (matrix @ model_vector(self.config.rank_model)).astype(np.float32)
        if self.cues:  # another system's entries, when the message names none of its cue words
            lower = unnamed(self.cues, terms.words)[self.data.owner[cand]]
            scores[lower] -= (1 - DEMOTE) * np.abs(scores[lower])
        leader = phrase_leader(feats, slot, story, self.config.rank_model, self.data.owner[cand], matrix)
        hits, ranked = self._collapse(cand, scores, feats)
        basis = basis_signals((float(scores[row]), self.citation_keys[e]) for e, row in ranked)
        return Ranking(hits, leader, tuple(basis))

    def _collapse(self, cand: npt.NDArray[np.int64], scores: npt.NDArray[np.float32],
                  feats: npt.NDArray[np.float32]) -> tuple[list[Hit], list[tuple[int, int]]]:
        """Best phrasing per entry, entries by score (ties by position in the knowledge, never by hash order): the
        hits, and every candidate entry with the row of its best phrasing."""
        owner = self.data.owner[cand]
        order = np.lexsort((cand, -scores))
        entries, first = first_of_each(owner[order])
        rows = order[first]
        by_score = np.lexsort((entries, -scores[rows]))
        ranked = list(zip(entries[by_score].tolist(), rows[by_score].tolist(), strict=True))
        top = ranked[: max(self.config.max_results, 5)]
        phrasings = order[self.data.slot[cand[order]] >= 0]
        with_phrase, phrase_first = first_of_each(owner[phrasings])
        best_phrase = dict(zip(with_phrase.tolist(), phrasings[phrase_first].tolist(), strict=True))
        hits = []
        for e, row in top:
            entry = self.entries[e]
            phrase_row = best_phrase.get(e)
            slot = int(self.data.slot[cand[phrase_row]]) if phrase_row is not None else 0
            matched = entry.title if slot <= 0 else entry.alt_question(slot)
            hits.append(Hit(entry, round(float(scores[row]), 4), matched, tuple(feats[row].tolist()), e))
        return hits, ranked

    def _pair_cover(self, terms: Terms, hits: list[Hit]) -> float:
        """Share of the question's neighbouring word pairs that the best entry's text also has: syllables of one
        word ("thời tiết") found apart ("thời hạn", "chi tiết") do not count as the word."""
        n_words = len(terms.question_words)
        codes = terms.pair_codes(question_only=False)
        if not hits or hits[0].position < 0:
            return 0.0
        if n_words < 2:
            return 1.0
        if not len(codes):
            return 0.0
        known = self.data.entry_pairs.row(hits[0].position)
        return float(in_sorted(codes, known).sum()) / (n_words - 1)

    def decide(self, hits: list[Hit], domain: float, pair_cover: float, n_words: int,
               phrase_agree: bool = False, basis: Sequence[float] = (0.0, 0.0, 0.0),
               domain_question: float | None = None) -> OutcomeKind:
        cfg = self.config
        x = decision_vector([(h.score, h.signals) for h in hits[:2]], domain, pair_cover, phrase_agree, basis,
                            domain_question)
        if not hits:
            return "none"
        return decide(x, cfg.scope_model, cfg.right_model, cfg.suggest_threshold, cfg.answer_threshold, cfg.min_lead,
                      n_words, max(cfg.answer_scope, cfg.suggest_threshold), cfg.question_threshold)
