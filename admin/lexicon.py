"""Lexicon and legal currency pages: the shorthand, synonym, filler and weak-word lists search uses and the emergency
block's text, hotlines and phrases (applied when saved, audited), the citation index (every entry citing a
document/article, marked "cần rà soát" in one action), and the list of entries not reviewed for longer than
HOAGIAI_REVIEW_AGE_MONTHS. The rules are bot.domain.lexicon's."""

import datetime as dt
from collections import Counter

import yaml
from aiohttp import web

from admin.content import today
from admin.web import account_of, core_of, read_form, redirect, render, text_field
from bot.core import texts
from bot.core.errors import DomainError, Invalid
from bot.core.knowledge import lexicon_from_dict
from bot.core.normalize import Normalizer
from bot.core.schema import KIND_LABELS
from bot.domain import entries
from bot.domain.lexicon import (
    LEXICON_FILE,
    SECTIONS,
    citation_counts,
    citing,
    dump_lexicon,
    lexicon_from_form,
    lexicon_to_form,
    save_lexicon,
)
from bot.storage import knowledge_repo
from bot.web.params import query_int


async def lexicon_page(request: web.Request) -> web.StreamResponse:
    """The four lists as one-item-per-line text areas."""
    body = await core_of(request).db.run(knowledge_repo.get_file, name=LEXICON_FILE)
    raw = yaml.safe_load(body or "") or {}
    return render(request, "lexicon.html", values=lexicon_to_form(raw if isinstance(raw, dict) else {}))


async def lexicon_save(request: web.Request) -> web.StreamResponse:
    """Validate, store and apply at once (the search index is rebuilt with the new lists)."""
    form = await read_form(request)
    values = {name: text_field(form, name) for name in SECTIONS}
    body = await core_of(request).db.run(knowledge_repo.get_file, name=LEXICON_FILE)
    stored = yaml.safe_load(body or "") or {}
    try:
        raw = lexicon_from_form(values, stored if isinstance(stored, dict) else None)
        Normalizer(lexicon_from_dict(raw))  # the lists must build a working normalizer
    except DomainError as exc:
        return render(request, "lexicon.html", status=400, values=values, error=exc.message, field=exc.field)
    core = core_of(request)
    if await core.db.run(save_lexicon, body=dump_lexicon(raw), actor=account_of(request).username):
        await core.refresh_knowledge()
    raise redirect("/admin/lexicon", "lexicon")



async def citations_page(request: web.Request) -> web.StreamResponse:
    """Documents and articles with the number of entries citing each; pick one to list and mark those entries."""
    core = core_of(request)
    copies = await core.db.run(entries.all_copies)
    doc = request.query.get("doc", "")
    article = query_int(request, "article", 1, 9999)
    counts = citation_counts(copies)
    per_doc: Counter[str] = Counter()
    for (d, _a), n in counts.items():
        per_doc[d] += n
    articles = sorted(((a, n) for (d, a), n in counts.items() if d == doc and a is not None), key=lambda x: x[0])
    return render(request, "citations.html", documents=core.service.snapshot.knowledge.documents, per_doc=per_doc,
                  doc=doc, article=article, articles=articles, kinds=KIND_LABELS,
                  found=citing(copies, doc, article) if doc else [])


async def mark_review(request: web.Request) -> web.StreamResponse:
    """Mark every chosen entry "cần rà soát" with a note (optionally taking them off the bot now)."""
    form = await read_form(request)
    ids = [i for i in form.getall("id", []) if isinstance(i, str)]
    note = text_field(form, "note").strip()
    doc, article = text_field(form, "doc"), text_field(form, "article")
    if not ids:
        raise Invalid(texts.ADMIN_NOTHING_SELECTED)
    if not note:
        raise Invalid(texts.ADMIN_NOTE_REQUIRED)
    core = core_of(request)
    _marked, changed = await core.db.run(entries.mark_for_review, entry_ids=ids, note=note,
                                         actor=account_of(request).username,
                                         unpublish=text_field(form, "unpublish") == "1", today=today())
    if changed:
        await core.refresh_knowledge()
    raise redirect("/admin/citations", "marked", doc=doc, article=article)


async def stale_page(request: web.Request) -> web.StreamResponse:
    """Entries whose `reviewed` date is older than the configured age."""
    core = core_of(request)
    months = core.settings.review_age_months
    cutoff: dt.date = entries.months_before(today(), months)
    found = [c for c in entries.filter_copies(await core.db.run(entries.all_copies), reviewed_before=cutoff)
             if c.live_status != "archived"]
    found.sort(key=lambda c: c.reviewed or dt.date.min)
    return render(request, "stale.html", found=found, months=months, cutoff=cutoff, kinds=KIND_LABELS)
