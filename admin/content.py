"""Content pages: the entry list with search and filters, the create/edit form with a phone preview, the review
workflow buttons, revision history with a diff and revert, and archiving (delete never destroys)."""

import datetime as dt
import difflib
from typing import Any

from aiohttp import web

from admin import inbox
from admin.entry_form import form_fields, from_form, suggest_id, to_form
from admin.web import LOCAL_TZ, account_of, core_of, read_form, redirect, render, text_field
from bot.core import texts, views
from bot.core.errors import DomainError, Invalid, NotFound
from bot.core.kinds import KINDS, kind_of
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.messages import Reply
from bot.core.normalize import has_marks
from bot.core.schema import KIND_LABELS, Kind
from bot.domain import clips as clip_ops
from bot.domain import entries
from bot.domain import inbox as inbox_ops
from bot.domain.entries import EntryInvalid, WorkingCopy
from bot.storage import audio_repo, knowledge_repo, questions_repo
from bot.storage.questions_repo import EntryFeedback
from bot.web.errors import status_of
from bot.web.params import query_int

PAGE_SIZE = 50
ACTIONS = ("save", "submit", "publish", "preview")


def today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


async def entry_list(request: web.Request) -> web.StreamResponse:
    """Every entry, searchable (with or without diacritics) and filtered by kind, topic, status and review age."""
    q = request.query
    core = core_of(request)
    months = query_int(request, "months", 1, 1199)
    found = entries.filter_copies(
        await core.db.run(entries.all_copies), query=q.get("q", "")[:200], kind=q.get("kind", ""),
        topic=q.get("topic", ""), status=q.get("status", ""),
        reviewed_before=entries.months_before(today(), months) if months else None,
    )
    page = max(1, query_int(request, "page", 0, 100_000, 1) or 1)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    audio = {c.entry_id for c in await core.db.run(audio_repo.all_clips)}
    return render(request, "entries.html", entries=found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], total=len(found),
                  page=min(page, pages), pages=pages, q=q, kinds=KIND_LABELS,
                  topics=core.service.snapshot.knowledge.topics, months=months or "", audio=audio)


async def new_entry_page(request: web.Request) -> web.StreamResponse:
    """An empty form (a link may pre-fill the question and alternate phrasings)."""
    q = request.query
    kind = _kind(q.get("kind", "qa"))
    values: dict[str, Any] = {"reviewed": today().isoformat()}
    if q.get("question"):
        values[kind_of(kind).title_field] = q["question"][:300]
    if q.getall("alt", []):
        values["alt_questions"] = "\n".join(a[:1000] for a in q.getall("alt")[:20])
    return await entry_form_page(request, kind, None, values)


async def new_entry_from_cluster(request: web.Request) -> web.StreamResponse:
    """"Tạo hỏi đáp mới" from the inbox: the Q&A form pre-filled with the cluster's questions; saving closes it."""
    form = await read_form(request)
    examples = [e for e in form.getall("example", []) if isinstance(e, str)][:20]
    question = next((e for e in examples if has_marks(e)), examples[0] if examples else "")  # accented reads better
    values = {"question": question, "alt_questions": "\n".join(examples),
              "reviewed": today().isoformat()}
    return await entry_form_page(request, "qa", None, values, inbox_keys=inbox.cluster_keys(form))


async def edit_entry_page(request: web.Request) -> web.StreamResponse:
    """The working copy of one entry, its status and the workflow buttons."""
    copy = await _copy_or_404(request)
    feedback = await core_of(request).db.run(questions_repo.entry_feedback, entry_id=copy.id)
    return await entry_form_page(request, copy.kind, copy, to_form(copy.kind, copy.data), feedback=feedback)


async def create_entry(request: web.Request) -> web.StreamResponse:
    """Save a new entry (draft, sent for review, or published at once when no legal review is configured)."""
    form = await read_form(request)
    kind = _kind(text_field(form, "kind"))
    data = from_form(kind, form)
    if not data.get("id"):
        data["id"] = suggest_id(str(data.get(kind_of(kind).title_field, "")))
    keys = [k for k in form.getall("inbox_key", []) if isinstance(k, str)]
    return await _submit(request, kind, data, None, keys)


async def update_entry(request: web.Request) -> web.StreamResponse:
    """Save changes to an entry's working copy (the published text stays served until published)."""
    copy = await _copy_or_404(request)
    data = {**from_form(copy.kind, await read_form(request)), "id": copy.id}
    return await _submit(request, copy.kind, data, copy, [])


async def _submit(
    request: web.Request, kind: Kind, data: dict[str, Any], copy: WorkingCopy | None, inbox_keys: list[str]
) -> web.StreamResponse:
    form = await read_form(request)
    action = text_field(form, "action", "save")
    if action not in ACTIONS:
        raise Invalid(texts.ADMIN_BAD_FORM)
    core, actor = core_of(request), account_of(request).username
    data = entries.coerce(kind, data)
    if action == "preview":
        return await entry_form_page(request, kind, copy, to_form(kind, data), inbox_keys=inbox_keys,
                               preview=_preview(kind, data, core))
    registry = entries.registry_of(core.service.snapshot.knowledge)
    try:
        saved = await core.db.run(entries.save, kind=kind, data=data, registry=registry, actor=actor,
                                  create=copy is None, submit=action == "submit")
    except DomainError as exc:
        return await entry_form_page(request, kind, copy, to_form(kind, data), errors=_errors(exc), status=status_of(exc),
                               inbox_keys=inbox_keys)
    if inbox_keys:
        await core.db.run(inbox_ops.close, keys=inbox_keys, action="new", entry_id=saved.id, reason=None, actor=actor)
    if action == "publish":
        try:
            await _publish(request, saved.id)
        except DomainError as exc:  # saved, but not publishable now (e.g. legal review): show the saved copy
            return await entry_form_page(request, kind, saved, to_form(kind, saved.data), errors=_errors(exc),
                                   status=status_of(exc))
    raise redirect(f"/admin/entries/{saved.id}", {"save": "saved", "submit": "submitted"}.get(action, "published"))


def _errors(exc: DomainError) -> dict[str, str]:
    """Field name -> message (the first problem per field; "" for problems not tied to a form field)."""
    if isinstance(exc, EntryInvalid):
        return {p.field or "": p.message for p in reversed(exc.problems)}
    return {exc.field or "": exc.message}


async def _publish(request: web.Request, entry_id: str) -> None:
    core = core_of(request)
    changed = await core.db.run(entries.publish, entry_id=entry_id,
                                registry=entries.registry_of(core.service.snapshot.knowledge),
                                actor=account_of(request).username, legal_review=core.settings.legal_review)
    if changed:
        await core.refresh_knowledge()


async def publish_entry(request: web.Request) -> web.StreamResponse:
    """Publish (or, with legal review, approve and publish) the working copy: the bot answers with it at once."""
    copy = await _copy_or_404(request)
    try:
        await _publish(request, copy.id)
    except DomainError as exc:
        return await entry_form_page(request, copy.kind, copy, to_form(copy.kind, copy.data), errors=_errors(exc),
                               status=status_of(exc))
    raise redirect(f"/admin/entries/{copy.id}", "published")


async def archive_entry(request: web.Request) -> web.StreamResponse:
    """Take an entry off the bot and keep it (with its history) in the archive."""
    copy = await _copy_or_404(request)
    core = core_of(request)
    if await core.db.run(entries.archive, entry_id=copy.id, actor=account_of(request).username):
        await core.refresh_knowledge()
    raise redirect(f"/admin/entries/{copy.id}", "archived")


async def preview(request: web.Request) -> web.StreamResponse:
    """The phone preview of a form being edited (fetched by admin.js as the editor types)."""
    form = await read_form(request)
    kind = _kind(text_field(form, "kind"))
    data = entries.coerce(kind, from_form(kind, form))
    return render(request, "preview.html", preview=_preview(kind, data, core_of(request)))


def _preview(kind: Kind, data: dict[str, Any], core: Any) -> Reply | None:
    """The reply exactly as the bot renders it, or None while the fields are too incomplete to render."""
    kb: KnowledgeBase = core.service.snapshot.knowledge
    try:
        return views.answer_reply(Entry(kind, data), kb)
    except (KeyError, TypeError, ValueError, AttributeError):  # half-typed citations; the form shows the problems
        return None


async def history(request: web.Request) -> web.StreamResponse:
    """Every saved version of an entry, newest first."""
    copy = await _copy_or_404(request)
    revisions = await core_of(request).db.run(knowledge_repo.revisions, target=copy.id)
    return render(request, "history.html", entry=copy, revisions=revisions)


async def revision_diff(request: web.Request) -> web.StreamResponse:
    """What one version changed (a line diff of the YAML), with a button to go back to it."""
    copy = await _copy_or_404(request)
    revisions = await core_of(request).db.run(knowledge_repo.revisions, target=copy.id)
    rid = request.match_info["rid"]
    revision = next((r for r in revisions if str(r.id) == rid), None)
    if revision is None:
        raise NotFound(texts.ADMIN_REVISION_UNKNOWN)
    return render(request, "diff.html", entry=copy, revision=revision,
                  lines=diff_lines(revision.previous or "", revision.current))


def diff_lines(before: str, after: str) -> list[tuple[str, str]]:
    """(css class, text) per line of a unified diff; a first version shows every line as added."""
    out = []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), texts.ADMIN_DIFF_BEFORE,
                                    texts.ADMIN_DIFF_AFTER, n=2, lineterm=""):
        if line.startswith(("---", "+++")):
            continue
        cls = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same")
        out.append((cls, line))
    return out


async def revert(request: web.Request) -> web.StreamResponse:
    """Go back to an earlier version (served at once if that version had been published)."""
    copy = await _copy_or_404(request)
    core = core_of(request)
    rid = request.match_info["rid"]
    if not rid.isdigit():
        raise NotFound(texts.ADMIN_REVISION_UNKNOWN)
    changed = await core.db.run(entries.revert, entry_id=copy.id, revision_id=int(rid),
                                registry=entries.registry_of(core.service.snapshot.knowledge),
                                actor=account_of(request).username)
    if changed:
        await core.refresh_knowledge()
    raise redirect(f"/admin/entries/{copy.id}", "reverted")


# --- helpers ----------------------------------------------------------------------------------------------------------


def _kind(value: str) -> Kind:
    if value not in KINDS:
        raise Invalid(texts.ADMIN_KIND_INVALID.format(kinds=", ".join(KINDS)))
    return value


async def _copy_or_404(request: web.Request) -> WorkingCopy:
    entry_id = request.match_info["id"]
    copy = await core_of(request).db.run(entries.get_copy, entry_id=entry_id)
    if copy is None:
        raise NotFound(texts.ADMIN_ENTRY_UNKNOWN.format(id=entry_id))
    return copy


async def entry_form_page(
    request: web.Request,
    kind: Kind,
    copy: WorkingCopy | None,
    values: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
    inbox_keys: list[str] | None = None,
    preview: Reply | None = None,
    feedback: EntryFeedback | None = None,
) -> web.Response:
    core = core_of(request)
    kb = core.service.snapshot.knowledge
    errors = errors or {}
    if preview is None:
        data = entries.coerce(kind, dict(copy.data)) if copy and not errors else None
        preview = _preview(kind, data, core) if data else None
    me = account_of(request).username
    can_approve = bool(copy and copy.status == "review" and copy.updated_by != me)
    fields = form_fields(kind, values, errors)
    shown = {f.name for f in fields}
    general = [message for name, message in errors.items() if name not in shown]
    clips = await core.db.run(clip_ops.list_clips, entry_id=copy.id, languages=kb.languages) if copy else []
    return render(request, "entry_form.html", status=status, kind=kind, kind_label=KIND_LABELS[kind], entry=copy,
                  fields=fields, general_errors=general,
                  documents=kb.documents, topics=kb.topics, inbox_keys=inbox_keys or [], preview=preview,
                  can_approve=can_approve, clips=clips, languages=kb.languages,
                  audio_ready=core.transcoder.available, feedback=feedback, reasons=texts.REASONS)
