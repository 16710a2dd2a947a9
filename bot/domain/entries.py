"""The editorial workflow (draft, review, publish, archive, revert), shared by the console pages, the JSON API, the
inbox, the citation index and the case drafts.

Editors work on a *working copy*: the pending draft of a published entry (the bot keeps serving the published text
until the draft is published), or the entry itself when it is not published. Every operation is one transaction that
also writes the audit log; when it changed what the bot serves it bumps the knowledge version, and the caller then
awaits `core.refresh_knowledge()` so that this replica answers at once (the others follow through the version poll).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlmodel import Session

from bot.core import texts
from bot.core.canonical import dump_entry
from bot.core.errors import Conflict, Invalid, NotFound
from bot.core.kinds import KINDS, kind_of
from bot.core.kinds.fields import LINE_MAX
from bot.core.knowledge import KnowledgeBase
from bot.core.normalize import fold
from bot.core.schema import Kind
from bot.core.validation import Registry, check_cross_entry, normalize_text_fields, validate_entry
from bot.storage import audio_repo, drafts_repo, knowledge_repo
from bot.storage.audit_repo import write_audit
from bot.storage.models import KnowledgeEntry

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader parses a whole knowledge base ~10x faster
NOTE_MAX = 2000
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def parse_body(body: str) -> dict[str, Any]:
    data = yaml.load(body, Loader=_LOADER)  # noqa: S506 - a safe loader
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class WorkingCopy:
    id: str
    kind: Kind
    data: dict[str, Any]
    status: str  # of the working copy
    live_status: str  # of the entry the bot knows (only "published" is served)
    pending: bool  # a draft of a published entry is waiting
    updated_by: str
    updated_at: dt.datetime

    @property
    def title(self) -> str:
        return str(self.data.get(kind_of(self.kind).title_field, ""))

    @property
    def topics(self) -> list[str]:
        return [str(t) for t in self.data.get("topics") or []]

    @property
    def reviewed(self) -> dt.date | None:
        value = self.data.get("reviewed")
        return value if isinstance(value, dt.date) else None


@dataclass(frozen=True)
class Problem:
    field: str | None
    message: str


class EntryInvalid(Invalid):
    """Validation failed: the first problem is the API's error; the form shows them all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message, problems[0].field)
        self.problems = problems


# --- reading ----------------------------------------------------------------------------------------------------------


def _copy(live: KnowledgeEntry, draft: Any | None) -> WorkingCopy:
    source = draft if draft is not None else live
    return WorkingCopy(live.id, live.kind, parse_body(source.body), source.status, live.status,
                       draft is not None, source.updated_by, source.updated_at)


def get_copy(*, session: Session, entry_id: str) -> WorkingCopy | None:
    live = drafts_repo.live_entry(session=session, entry_id=entry_id)
    if live is None:
        return None
    return _copy(live, drafts_repo.get_draft(session=session, entry_id=entry_id))


def all_copies(*, session: Session) -> list[WorkingCopy]:
    drafts = {d.entry_id: d for d in drafts_repo.all_drafts(session=session)}
    return [_copy(row, drafts.get(row.id)) for row in drafts_repo.all_live_entries(session=session)]


def _require(session: Session, entry_id: str) -> WorkingCopy:
    copy = get_copy(session=session, entry_id=entry_id)
    if copy is None:
        raise NotFound(texts.ADMIN_ENTRY_UNKNOWN.format(id=entry_id), "id")
    return copy


def _all_ids(session: Session) -> set[str]:
    return {row.id for row in drafts_repo.all_live_entries(session=session)}


# --- validation -------------------------------------------------------------------------------------------------------


def check_entry(kind: Kind, data: Mapping[str, Any], registry: Registry, ids: set[str]) -> list[Problem]:
    """Core validation (schema, topics, documents, related ids), each problem tied to the field it is about."""
    errors = validate_entry(kind, dict(data), registry, path="entry")
    if not errors:
        errors = check_cross_entry(kind, data, ids, path="entry", lines={})
    return [Problem(e.field, e.message) for e in errors]


def _validated(kind: Kind, data: dict[str, Any], registry: Registry, session: Session) -> None:
    problems = check_entry(kind, data, registry, _all_ids(session) | {str(data.get("id"))})
    if problems:
        raise EntryInvalid(problems)


def coerce(kind: Kind, raw: Mapping[str, Any]) -> dict[str, Any]:
    """JSON/form values in the types the files hold (each field's type parses: a date arrives as text), tidied."""
    data = {k: v for k, v in raw.items() if k != "kind"}
    for spec in kind_of(kind).fields:
        if spec.name in data:
            data[spec.name] = spec.type.parse(data[spec.name])
    return normalize_text_fields(kind, data)


def parse_kind(value: Any) -> Kind:
    """A kind's name from the API; refused when no kind of that name is registered."""
    if not isinstance(value, str) or value not in KINDS:
        raise Invalid(texts.ADMIN_KIND_INVALID.format(kinds=", ".join(KINDS)), "kind")
    return value


# --- changes ----------------------------------------------------------------------------------------------------------


def save(
    *, session: Session, kind: Kind, data: dict[str, Any], registry: Registry, actor: str, create: bool, submit: bool
) -> WorkingCopy:
    """Save the working copy as a draft, or send it for review (`submit`). Nothing the bot serves changes."""
    data = {**data, "status": "review" if submit else "draft"}
    entry_id = data.get("id")
    live = drafts_repo.live_entry(session=session, entry_id=entry_id) if isinstance(entry_id, str) else None
    if create and live is not None:
        raise Conflict(texts.ADMIN_ENTRY_EXISTS.format(id=entry_id), "id")
    if not create:
        if live is None:
            raise NotFound(texts.ADMIN_ENTRY_UNKNOWN.format(id=entry_id), "id")
        if live.kind != kind:
            raise Conflict(texts.ADMIN_KIND_CHANGED.format(kind=live.kind), "kind")
    _validated(kind, data, registry, session)
    assert isinstance(entry_id, str)
    action = "submit" if submit else ("create" if create else "update")
    before = _copy(live, drafts_repo.get_draft(session=session, entry_id=entry_id)) if live else None
    body = dump_entry(kind, data)
    if live is not None and live.status == "published":
        drafts_repo.put_draft(session=session, entry_id=entry_id, kind=kind, status=data["status"], body=body,
                              author=actor, action=action)
    else:
        knowledge_repo.put_entry(session=session, kind=kind, data=data, author=actor, action=action)
    write_audit(session=session, actor=actor, action=f"entry.{action}", target=entry_id,
                before=dump_entry(kind, before.data) if before else None, after=body)
    session.flush()
    return _require(session, entry_id)


def publish(*, session: Session, entry_id: str, registry: Registry, actor: str, legal_review: bool) -> bool:
    """Make the working copy the served entry. With legal review on, the copy must be in review and the publisher
    must be someone other than its last author. Returns whether what the bot serves changed."""
    copy = _require(session, entry_id)
    if copy.status == "published" and not copy.pending:
        return False
    if legal_review and copy.status != "review":
        raise Conflict(texts.ADMIN_NEEDS_REVIEW, "status")
    if legal_review and copy.updated_by == actor:
        raise Conflict(texts.ADMIN_SECOND_PERSON.format(author=copy.updated_by), "status")
    data = {**copy.data, "status": "published"}
    _validated(copy.kind, data, registry, session)
    _apply_live(session, copy.kind, data, actor, "publish")
    # Recorded answers uploaded since are part of this change: they are served from now on (bot.domain.clips).
    audio_repo.promote_pending(session=session, entry_id=entry_id, today=dt.datetime.now(LOCAL_TZ).date(), author=actor)
    return True


def _apply_live(session: Session, kind: Kind, data: dict[str, Any], actor: str, action: str) -> None:
    """Write the served entry, drop its pending draft, bump the version, audit."""
    entry_id = str(data["id"])
    live = drafts_repo.live_entry(session=session, entry_id=entry_id)
    before = live.body if live else None
    knowledge_repo.put_entry(session=session, kind=kind, data=data, author=actor, action=action)
    drafts_repo.delete_draft(session=session, entry_id=entry_id)
    knowledge_repo.bump_version(session=session)
    write_audit(session=session, actor=actor, action=f"entry.{action}", target=entry_id, before=before,
                after=dump_entry(kind, data))


def archive(*, session: Session, entry_id: str, actor: str) -> bool:
    """Delete = archive: the entry leaves the bot but stays in the database with its history."""
    copy = _require(session, entry_id)
    if copy.live_status == "archived" and not copy.pending:
        return False
    live = drafts_repo.live_entry(session=session, entry_id=entry_id)
    assert live is not None
    _apply_live(session, copy.kind, {**parse_body(live.body), "status": "archived"}, actor, "archive")
    return True


def revert(*, session: Session, entry_id: str, revision_id: int, registry: Registry, actor: str) -> bool:
    """Go back to an earlier version. A version that was published (so once approved) is served again at once;
    an unpublished version of a published entry becomes its pending draft instead of taking it off the bot."""
    copy = _require(session, entry_id)
    revision = drafts_repo.get_revision(session=session, revision_id=revision_id)
    if revision is None or revision.target != entry_id:
        raise NotFound(texts.ADMIN_REVISION_UNKNOWN, "revision")
    if revision.kind == "audio":
        raise Invalid(texts.AUDIO_NO_REVERT, "revision")
    data = parse_body(revision.current)
    _validated(copy.kind, data, registry, session)
    if data.get("status") == "published" or copy.live_status != "published":
        _apply_live(session, copy.kind, data, actor, "revert")
        return True
    body = dump_entry(copy.kind, data)
    drafts_repo.put_draft(session=session, entry_id=entry_id, kind=copy.kind, status=str(data.get("status")),
                          body=body, author=actor, action="revert")
    write_audit(session=session, actor=actor, action="entry.revert", target=entry_id,
                before=dump_entry(copy.kind, copy.data), after=body)
    return False


def add_alternate(*, session: Session, entry_id: str, question: str, registry: Registry, actor: str,
                  as_example: bool = False) -> bool:
    """Append a phrasing to a published entry's alt_questions (or, `as_example`, a question as people asked it to
    its examples) and serve it at once (also into a pending draft).

    Both change what the entry is found by, not what it says, so they skip the legal review.
    Returns whether the served entry changed (False when the question was already there).
    """
    copy = _require(session, entry_id)
    if copy.live_status != "published":
        raise NotFound(texts.ADMIN_ENTRY_UNKNOWN.format(id=entry_id), "entry_id")
    question = " ".join(question.split())
    if not question or len(question) > LINE_MAX:
        raise Invalid(texts.ADMIN_ALT_TOO_LONG, "question")
    field = "examples" if as_example else "alt_questions"
    action = "add_example" if as_example else "add_alternate"
    live = drafts_repo.live_entry(session=session, entry_id=entry_id)
    assert live is not None
    data = _with_question(copy.kind, parse_body(live.body), question, field)
    if data is None:
        return False
    _validated(copy.kind, data, registry, session)
    draft = drafts_repo.get_draft(session=session, entry_id=entry_id)
    _apply_live(session, copy.kind, data, actor, action)
    if draft is not None:  # keep the pending change, with the new question too
        draft_data = _with_question(copy.kind, parse_body(draft.body), question, field) or parse_body(draft.body)
        drafts_repo.put_draft(session=session, entry_id=entry_id, kind=copy.kind, status=draft.status,
                              body=dump_entry(copy.kind, draft_data), author=draft.updated_by, action=action)
    return True


def _with_question(kind: Kind, data: dict[str, Any], question: str, field: str) -> dict[str, Any] | None:
    """The entry with the question appended to `field`, or None when the entry already has it (in any field that
    search reads as a question)."""
    listed = [str(q) for q in data.get(field) or []]
    others = [str(q) for q in [*(data.get("alt_questions") or []), *(data.get("examples") or [])]]
    known = {fold(q).strip() for q in [*others, str(data.get(kind_of(kind).title_field, ""))]}
    if fold(question).strip() in known:
        return None
    return {**data, field: [*listed, question]}


def mark_for_review(
    *, session: Session, entry_ids: Iterable[str], note: str, actor: str, unpublish: bool, today: dt.date
) -> tuple[int, bool]:
    """Flag entries "cần rà soát" (status review) with a dated note, e.g. when a cited law is amended.

    Published entries keep being served (the flag goes on a pending draft) unless `unpublish` takes them off now.
    Returns (entries marked, whether what the bot serves changed).
    """
    marked, served_changed = 0, False
    line = texts.ADMIN_REVIEW_NOTE.format(date=today.strftime("%d/%m/%Y"), note=" ".join(note.split()))
    for entry_id in entry_ids:
        copy = get_copy(session=session, entry_id=entry_id)
        if copy is None:
            continue
        old_note = str(copy.data.get("note") or "").strip()
        new_note = f"{old_note}\n{line}" if old_note else line
        data = {**copy.data, "status": "review", "note": new_note[-NOTE_MAX:].strip()}
        body = dump_entry(copy.kind, data)
        if copy.live_status == "published" and not unpublish:
            drafts_repo.put_draft(session=session, entry_id=entry_id, kind=copy.kind, status="review", body=body,
                                  author=actor, action="review")
        else:
            served_changed |= copy.live_status == "published"
            knowledge_repo.put_entry(session=session, kind=copy.kind, data=data, author=actor, action="review")
            drafts_repo.delete_draft(session=session, entry_id=entry_id)
        write_audit(session=session, actor=actor, action="entry.mark_review", target=entry_id,
                    before=dump_entry(copy.kind, copy.data), after=body)
        marked += 1
    if served_changed:
        knowledge_repo.bump_version(session=session)
    return marked, served_changed


# --- views of the data ------------------------------------------------------------------------------------------------


def to_json(copy: WorkingCopy) -> dict[str, Any]:
    """An entry in the API: its YAML fields (in schema order, dates as YYYY-MM-DD) plus `kind`."""
    out: dict[str, Any] = {"kind": copy.kind}
    order = [s.name for s in kind_of(copy.kind).fields]
    for key in sorted(copy.data, key=lambda k: order.index(k) if k in order else len(order)):
        value = copy.data[key]
        out[key] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def months_before(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def filter_copies(
    copies: Iterable[WorkingCopy],
    *,
    query: str = "",
    kind: str = "",
    topic: str = "",
    status: str = "",
    reviewed_before: dt.date | None = None,
) -> list[WorkingCopy]:
    """Search (id, title and alternate phrasings, with or without diacritics) and filters, sorted by title."""
    needle = fold(query).strip()
    found = []
    for c in copies:
        if kind and c.kind != kind or topic and topic not in c.topics:
            continue
        if status and c.status != status and not (status == "published" and c.live_status == "published"):
            continue
        if reviewed_before and (c.reviewed is None or c.reviewed >= reviewed_before):
            continue
        if needle:
            haystack = " ".join([c.id, c.title, *map(str, c.data.get("alt_questions") or [])])
            if needle not in fold(haystack):
                continue
        found.append(c)
    return sorted(found, key=lambda c: fold(c.title))


def registry_of(kb: KnowledgeBase) -> Registry:
    return Registry(kb.topics, kb.documents)
