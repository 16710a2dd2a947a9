"""Contests as editors make them in the console: the form checked (code, title, published quiz items, a time window
in Vietnam time, seconds per question), the contest created and audited, its ranking as rows for the CSV."""

import datetime as dt
import re
from dataclasses import dataclass

from sqlmodel import Session

from bot.core import texts
from bot.core.errors import Conflict, Invalid
from bot.core.knowledge import KnowledgeBase
from bot.core.quiz import KIND, VN
from bot.core.training_ports import ContestInfo
from bot.storage import contest_repo
from bot.storage.audit_repo import write_audit

CODE_RE = re.compile(r"^[A-Z0-9]{3,16}$")
MAX_ITEMS = 100


@dataclass(frozen=True)
class ContestDraft:
    code: str
    title: str
    items: list[str]
    starts_at: dt.datetime
    ends_at: dt.datetime
    seconds: int


def read_form(values: dict[str, str], kb: KnowledgeBase) -> ContestDraft:
    """The contest form, checked; Invalid names the field at fault."""
    code = values.get("code", "").strip().upper()
    if not CODE_RE.match(code):
        raise Invalid(texts.ADMIN_CONTEST_CODE_INVALID, "code")
    title = " ".join(values.get("title", "").split())
    if not title or len(title) > 200:
        raise Invalid(texts.ADMIN_CONTEST_TITLE_REQUIRED, "title")
    items = _items(values.get("items", ""), kb)
    starts_at, ends_at = _moment(values.get("starts_at", "")), _moment(values.get("ends_at", ""))
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise Invalid(texts.ADMIN_CONTEST_TIME_INVALID, "starts_at")
    seconds = values.get("seconds", "").strip()
    if not seconds.isdigit() or not 5 <= int(seconds) <= 600:
        raise Invalid(texts.ADMIN_CONTEST_SECONDS_INVALID, "seconds")
    return ContestDraft(code, title, items, starts_at, ends_at, int(seconds))


def _items(text: str, kb: KnowledgeBase) -> list[str]:
    items: list[str] = []
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        item_id = line.strip()
        if not item_id:
            continue
        entry = kb.entries.get(item_id)
        if entry is None or entry.kind != KIND or entry.status != "published":
            raise Invalid(texts.ADMIN_CONTEST_ITEM_UNKNOWN.format(line=n, id=item_id[:80]), "items")
        if item_id in items:
            raise Invalid(texts.ADMIN_CONTEST_ITEM_TWICE.format(line=n, id=item_id), "items")
        items.append(item_id)
    if not 1 <= len(items) <= MAX_ITEMS:
        raise Invalid(texts.ADMIN_CONTEST_ITEMS_REQUIRED, "items")
    return items


def _moment(value: str) -> dt.datetime | None:
    """A datetime-local value ("2026-12-20T08:00"), in Vietnam time."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=VN) if moment.tzinfo is None else moment


def create_contest(*, session: Session, draft: ContestDraft, actor: str) -> ContestInfo:
    contest = contest_repo.create(session=session, code=draft.code, title=draft.title, items=draft.items,
                                  starts_at=draft.starts_at.astimezone(dt.UTC), ends_at=draft.ends_at.astimezone(dt.UTC),
                                  seconds=draft.seconds, author=actor)
    if contest is None:
        raise Conflict(texts.ADMIN_CONTEST_CODE_TAKEN.format(code=draft.code), "code")
    write_audit(session=session, actor=actor, action="contest.create", target=contest.code, before=None,
                after=f"{contest.title}: {len(contest.items)} câu, {draft.starts_at:%d/%m/%Y %H:%M} – "
                      f"{draft.ends_at:%d/%m/%Y %H:%M}, {contest.seconds} giây/câu")
    return contest


def ranking_rows(ranked: list[contest_repo.Ranked]) -> list[list[str]]:
    return [[str(r.rank), r.name, r.channel, str(r.right), str(r.answered), f"{r.seconds:.1f}"] for r in ranked]
