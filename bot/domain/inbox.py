"""The unanswered inbox: questions the bot could not answer (outcome none, suggestions nobody picked, 👎 feedback),
grouped into clusters of similar questions, each closed by a new Q&A, an alternate phrasing or a dismissal."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlmodel import Session

from bot.core.search import Hit
from bot.core.service import KnowledgeService
from bot.storage import inbox_repo, questions_repo
from bot.storage.audit_repo import write_audit
from bot.storage.questions_repo import FeedbackComment, UnansweredGroup

SIMILARITY = 85  # rapidfuzz token_set_ratio from which two questions are "the same question"
SHORT = 3  # below this many words token_set_ratio calls any subset identical, so plain ratio is used
MAX_CLUSTERS = 100
MAX_PROPOSALS = 3


@dataclass
class Cluster:
    keys: list[str]  # the normalized texts grouped here (what closing the cluster marks handled)
    examples: list[str]  # distinct questions as typed, most frequent first
    count: int
    last_seen: dt.datetime
    channels: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    reasons: set[str] = field(default_factory=set)
    comments: list[FeedbackComment] = field(default_factory=list)  # written after 👎, newest first

    @property
    def example(self) -> str:
        return self.examples[0]


def similar(a: str, b: str) -> bool:
    if min(len(a.split()), len(b.split())) < SHORT:
        return fuzz.ratio(a, b) >= SIMILARITY
    return fuzz.token_set_ratio(a, b) >= SIMILARITY


def cluster(groups: list[UnansweredGroup]) -> list[Cluster]:
    """Greedy clustering: the most asked question founds a cluster, and each later question joins the first cluster
    whose founding question it resembles. 👎 feedback without a logged question stays on its own."""
    clusters: list[Cluster] = []
    for g in sorted(groups, key=lambda g: (-g.count, -g.last_seen.timestamp())):
        home = None if _feedback_only(g.normalized) else next(
            (c for c in clusters if not _feedback_only(c.keys[0]) and similar(c.keys[0], g.normalized)), None)
        if home is None:
            clusters.append(Cluster([g.normalized], [g.example], g.count, g.last_seen, set(g.channels), {g.source},
                                    set(g.reasons), list(g.comments)))
            continue
        home.keys.append(g.normalized)
        if g.example not in home.examples:
            home.examples.append(g.example)
        home.count += g.count
        home.last_seen = max(home.last_seen, g.last_seen)
        home.channels.update(g.channels)
        home.sources.add(g.source)
        home.reasons.update(g.reasons)
        home.comments = sorted([*home.comments, *g.comments], key=lambda c: c.at, reverse=True)
    clusters.sort(key=lambda c: (-c.count, -c.last_seen.timestamp()))
    return clusters


def _feedback_only(key: str) -> bool:
    return key.startswith(inbox_repo.FEEDBACK_KEY)


def open_clusters(*, session: Session) -> list[Cluster]:
    """Every open cluster, most asked first."""
    return cluster(questions_repo.unanswered(session=session))


def proposals(knowledge: KnowledgeService, c: Cluster) -> list[Hit]:
    """The entries the cluster's question most likely meant (like active-learning suggestions in QnA Maker)."""
    if c.example.startswith(inbox_repo.FEEDBACK_KEY):
        return []
    return list(knowledge.search(c.example).hits[:MAX_PROPOSALS])


def cluster_json(knowledge: KnowledgeService, c: Cluster) -> dict[str, Any]:
    return {"keys": c.keys, "example": c.example, "examples": c.examples, "count": c.count,
            "last_seen": c.last_seen.isoformat(), "channels": sorted(c.channels), "sources": sorted(c.sources),
            "reasons": sorted(c.reasons), "comments": [m.as_json() for m in c.comments],
            "proposals": [{"id": h.entry.id, "title": h.entry.title, "score": h.score} for h in proposals(knowledge, c)]}


def close(
    *, session: Session, keys: list[str], action: str, entry_id: str | None, reason: str | None, actor: str
) -> int:
    """Close a cluster (its questions leave the inbox) and audit the decision, in one transaction."""
    closed = inbox_repo.close_cluster(session=session, keys=keys, action=action, entry_id=entry_id, reason=reason,
                                      author=actor)
    summary = "\n".join([f"entry: {entry_id}" if entry_id else f"reason: {reason}", *keys])
    write_audit(session=session, actor=actor, action=f"inbox.{action}", target=keys[0][:200], after=summary)
    return closed
