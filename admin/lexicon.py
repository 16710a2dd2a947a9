"""Lexicon and legal currency: the shorthand, synonym, filler and weak-word lists search uses (lexicon.yaml, applied
when saved), the citation index (every entry citing a document/article, marked "cần rà soát" in one action), and the
list of entries not reviewed for longer than HOAGIAI_REVIEW_AGE_MONTHS."""

import datetime as dt
from collections import Counter
from typing import Any

import yaml
from aiohttp import web
from sqlmodel import Session

from admin import entries
from admin.content import today
from admin.web import account_of, core_of, read_form, redirect, render, text_field
from bot.core import texts
from bot.core.canonical import scalar
from bot.core.errors import DomainError, Invalid
from bot.core.knowledge import lexicon_from_dict
from bot.core.normalize import Normalizer, words
from bot.core.schema import KIND_LABELS
from bot.storage import knowledge_repo
from bot.storage.audit_repo import write_audit

LEXICON_FILE = "lexicon.yaml"
HEADER = (
    "# Search lexicon, edited in the console (applied when saved).\n"
    "# shorthand: what mediators type -> what it means (whole words); fillers: phrases removed before search;\n"
    "# synonyms: phrases that mean the same thing; weak_words: words that count at a fifth of their weight.\n"
)
MAX_ITEM = 200
SECTIONS = ("shorthand", "synonyms", "fillers", "weak_words")


# --- the lexicon ------------------------------------------------------------------------------------------------------


def lexicon_to_form(raw: dict[str, Any]) -> dict[str, str]:
    return {
        "shorthand": "\n".join(f"{k} = {v}" for k, v in (raw.get("shorthand") or {}).items()),
        "synonyms": "\n".join(" = ".join(map(str, group)) for group in raw.get("synonyms") or []),
        "fillers": "\n".join(map(str, raw.get("fillers") or [])),
        "weak_words": "\n".join(map(str, raw.get("weak_words") or [])),
    }


def lexicon_from_form(values: dict[str, str]) -> dict[str, Any]:
    """Parse the four text areas; a bad line raises ApiError naming the section (field) and the line."""
    shorthand: dict[str, str] = {}
    for n, line in _lines(values.get("shorthand", "")):
        key, sep, meaning = (part.strip() for part in line.partition("="))
        if not sep or not meaning or words(key) != [key.lower()]:
            raise Invalid(texts.ADMIN_LEXICON_INVALID.format(line=n, problem=texts.ADMIN_LEXICON_PAIR), "shorthand")
        shorthand[key.lower()] = meaning
    synonyms = []
    for n, line in _lines(values.get("synonyms", "")):
        group = list(dict.fromkeys(p.strip() for p in line.split("=") if p.strip()))
        if len(group) < 2:
            raise Invalid(texts.ADMIN_LEXICON_INVALID.format(line=n, problem=texts.ADMIN_LEXICON_GROUP), "synonyms")
        synonyms.append(group)
    return {
        "shorthand": shorthand,
        "fillers": list(dict.fromkeys(line for _, line in _lines(values.get("fillers", "")))),
        "synonyms": synonyms,
        "weak_words": list(dict.fromkeys(line for _, line in _lines(values.get("weak_words", "")))),
    }


def _lines(text: str) -> list[tuple[int, str]]:
    found = [(n, " ".join(line.split())[:MAX_ITEM]) for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1)]
    return [(n, line) for n, line in found if line]


def dump_lexicon(raw: dict[str, Any]) -> str:
    """The lexicon file in the layout editors know: flow lists for synonym groups, plain scalars where safe."""
    out = [HEADER.rstrip("\n"), "shorthand:" if raw["shorthand"] else "shorthand: {}"]
    out += [f"  {scalar(k)}: {scalar(v)}" for k, v in raw["shorthand"].items()]
    for key, render_item in (("fillers", scalar), ("synonyms", _group), ("weak_words", scalar)):
        out.append(f"{key}:" if raw[key] else f"{key}: []")
        out += [f"- {render_item(item)}" for item in raw[key]]
    text = "\n".join(out) + "\n"
    assert yaml.safe_load(text) == raw, "the lexicon layout must read back unchanged"
    return text


def _group(group: list[str]) -> str:
    return "[" + ", ".join(scalar(p, flow=True) for p in group) + "]"


def save_lexicon(*, session: Session, body: str, actor: str) -> bool:
    before = knowledge_repo.get_file(session=session, name=LEXICON_FILE)
    if not knowledge_repo.put_file(session=session, name=LEXICON_FILE, body=body, author=actor):
        return False
    knowledge_repo.bump_version(session=session)
    write_audit(session=session, actor=actor, action="lexicon.update", target=LEXICON_FILE, before=before, after=body)
    return True


async def lexicon_page(request: web.Request) -> web.StreamResponse:
    """The four lists as one-item-per-line text areas."""
    body = await core_of(request).db.run(knowledge_repo.get_file, name=LEXICON_FILE)
    raw = yaml.safe_load(body or "") or {}
    return render(request, "lexicon.html", values=lexicon_to_form(raw if isinstance(raw, dict) else {}))


async def lexicon_save(request: web.Request) -> web.StreamResponse:
    """Validate, store and apply at once (the search index is rebuilt with the new lists)."""
    form = await read_form(request)
    values = {name: text_field(form, name) for name in SECTIONS}
    try:
        raw = lexicon_from_form(values)
        Normalizer(lexicon_from_dict(raw))  # the lists must build a working normalizer
    except DomainError as exc:
        return render(request, "lexicon.html", status=400, values=values, error=exc.message, field=exc.field)
    core = core_of(request)
    if await core.db.run(save_lexicon, body=dump_lexicon(raw), actor=account_of(request).username):
        await core.refresh_knowledge()
    raise redirect("/admin/lexicon", "lexicon")


# --- legal currency ---------------------------------------------------------------------------------------------------


def citing(copies: list[entries.WorkingCopy], doc: str, article: int | None) -> list[entries.WorkingCopy]:
    """Entries (not archived) citing the document, or one article of it."""
    found = []
    for c in copies:
        if c.status == "archived" and c.live_status == "archived":
            continue
        for cite in c.data.get("citations") or []:
            if not isinstance(cite, dict) or str(cite.get("doc")) != doc:
                continue
            if article is None or cite.get("article") == article:
                found.append(c)
                break
    return sorted(found, key=lambda c: c.title)


def citation_counts(copies: list[entries.WorkingCopy]) -> Counter[tuple[str, int | None]]:
    counts: Counter[tuple[str, int | None]] = Counter()
    for c in copies:
        cited = {(str(x.get("doc")), x.get("article")) for x in c.data.get("citations") or [] if isinstance(x, dict)}
        counts.update(cited)
    return counts


async def citations_page(request: web.Request) -> web.StreamResponse:
    """Documents and articles with the number of entries citing each; pick one to list and mark those entries."""
    core = core_of(request)
    copies = await core.db.run(entries.all_copies)
    doc = request.query.get("doc", "")
    article_raw = request.query.get("article", "")
    article = int(article_raw) if article_raw.isdigit() else None
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
