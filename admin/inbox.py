"""The unanswered inbox pages: clusters of questions the bot could not answer, closed by a new Q&A, an alternate
phrasing or a dismissal (the clustering and the decisions are bot.domain.inbox)."""

from typing import Any

from aiohttp import web

from admin.web import account_of, core_of, read_form, redirect, render, text_field
from bot.core import texts
from bot.core.errors import Invalid
from bot.domain import entries, inbox
from bot.domain.inbox import MAX_CLUSTERS, close

# --- pages ------------------------------------------------------------------------------------------------------------


async def inbox_page(request: web.Request) -> web.StreamResponse:
    """Open clusters, most asked first, with the likely entries for "Thêm làm cách hỏi khác"."""
    core = core_of(request)
    clusters = (await core.db.run(inbox.open_clusters))[:MAX_CLUSTERS]
    return render(request, "inbox.html", clusters=[(c, inbox.proposals(core.service, c)) for c in clusters],
                  reasons=texts.REASONS, sources=texts.SOURCE_LABELS, entries=core.service.snapshot.knowledge.entries)


def cluster_keys(form: Any) -> list[str]:
    keys = [k for k in form.getall("key", []) if isinstance(k, str) and k]
    if not keys:
        raise Invalid(texts.ADMIN_CLUSTER_GONE)
    return keys[:200]


async def add_alternate(request: web.Request) -> web.StreamResponse:
    """"Thêm làm cách hỏi khác" (or, with as=example, "Thêm làm câu hỏi thực tế" for a long story): append the
    question to the chosen entry, publish, close the cluster."""
    form = await read_form(request)
    keys = cluster_keys(form)
    entry_id = text_field(form, "entry_id").strip()
    as_example = text_field(form, "as") == "example"
    core, actor = core_of(request), account_of(request).username
    changed = await core.db.run(entries.add_alternate, entry_id=entry_id, question=text_field(form, "question"),
                                registry=entries.registry_of(core.service.snapshot.knowledge), actor=actor,
                                as_example=as_example)
    if changed:
        await core.refresh_knowledge()
    await core.db.run(close, keys=keys, action="example" if as_example else "alternate", entry_id=entry_id,
                      reason=None, actor=actor)
    raise redirect("/admin/inbox", "example_added" if as_example else "alt_added")


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
