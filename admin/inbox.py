"""The unanswered inbox: questions the bot could not answer (outcome none, suggestions nobody picked, 👎 feedback),
grouped into clusters of similar questions, each closed by a new Q&A, an alternate phrasing or a dismissal."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from rapidfuzz import fuzz
from sqlmodel import Session

from admin import entries
from admin.web import Console, account_of, core_of, read_form, redirect, render, text_field
from bot.core import texts
from bot.core.errors import Invalid
from bot.core.search import Hit
from bot.storage import inbox_repo, questions_repo
from bot.storage.audit_repo import write_audit
from bot.storage.questions_repo import UnansweredGroup

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
                                    set(g.reasons)))
            continue
        home.keys.append(g.normalized)
        if g.example not in home.examples:
            home.examples.append(g.example)
        home.count += g.count
        home.last_seen = max(home.last_seen, g.last_seen)
        home.channels.update(g.channels)
        home.sources.add(g.source)
        home.reasons.update(g.reasons)
    clusters.sort(key=lambda c: (-c.count, -c.last_seen.timestamp()))
    return clusters


def _feedback_only(key: str) -> bool:
    return key.startswith(inbox_repo.FEEDBACK_KEY)


async def open_clusters(core: Console) -> list[Cluster]:
    return cluster(await core.db.run(questions_repo.unanswered))


def proposals(core: Console, c: Cluster) -> list[Hit]:
    """The entries the cluster's question most likely meant (like active-learning suggestions in QnA Maker)."""
    if c.example.startswith(inbox_repo.FEEDBACK_KEY):
        return []
    return list(core.service.search(c.example).hits[:MAX_PROPOSALS])


def cluster_json(core: Console, c: Cluster) -> dict[str, Any]:
    return {"keys": c.keys, "example": c.example, "examples": c.examples, "count": c.count,
            "last_seen": c.last_seen.isoformat(), "channels": sorted(c.channels), "sources": sorted(c.sources),
            "reasons": sorted(c.reasons),
            "proposals": [{"id": h.entry.id, "title": h.entry.title, "score": h.score} for h in proposals(core, c)]}


def close(
    *, session: Session, keys: list[str], action: str, entry_id: str | None, reason: str | None, actor: str
) -> int:
    """Close a cluster (its questions leave the inbox) and audit the decision, in one transaction."""
    closed = inbox_repo.close_cluster(session=session, keys=keys, action=action, entry_id=entry_id, reason=reason,
                                      author=actor)
    summary = "\n".join([f"entry: {entry_id}" if entry_id else f"reason: {reason}", *keys])
    write_audit(session=session, actor=actor, action=f"inbox.{action}", target=keys[0][:200], after=summary)
    return closed


# --- pages ------------------------------------------------------------------------------------------------------------


async def inbox_page(request: web.Request) -> web.StreamResponse:
    """Open clusters, most asked first, with the likely entries for "Thêm làm cách hỏi khác"."""
    core = core_of(request)
    clusters = (await open_clusters(core))[:MAX_CLUSTERS]
    return render(request, "inbox.html", clusters=[(c, proposals(core, c)) for c in clusters],
                  reasons=texts.REASONS, sources=texts.SOURCE_LABELS)


def cluster_keys(form: Any) -> list[str]:
    keys = [k for k in form.getall("key", []) if isinstance(k, str) and k]
    if not keys:
        raise Invalid(texts.ADMIN_CLUSTER_GONE)
    return keys[:200]


async def add_alternate(request: web.Request) -> web.StreamResponse:
    """"Thêm làm cách hỏi khác": append the question to the chosen entry, publish, close the cluster."""
    form = await read_form(request)
    keys = cluster_keys(form)
    entry_id = text_field(form, "entry_id").strip()
    core, actor = core_of(request), account_of(request).username
    changed = await core.db.run(entries.add_alternate, entry_id=entry_id, question=text_field(form, "question"),
                                registry=entries.registry_of(core.service.snapshot.knowledge), actor=actor)
    if changed:
        await core.refresh_knowledge()
    await core.db.run(close, keys=keys, action="alternate", entry_id=entry_id, reason=None, actor=actor)
    raise redirect("/admin/inbox", "alt_added")


async def ignore(request: web.Request) -> web.StreamResponse:
    """"Bỏ qua": close the cluster with a reason (kept in inbox_decision)."""
    form = await read_form(request)
    keys = cluster_keys(form)
    reason = " ".join(text_field(form, "reason").split())[:500]
    if not reason:
        raise Invalid(texts.ADMIN_REASON_REQUIRED)
    await core_of(request).db.run(close, keys=keys, action="ignore", entry_id=None, reason=reason,
                                  actor=account_of(request).username)
    raise redirect("/admin/inbox", "ignored")
