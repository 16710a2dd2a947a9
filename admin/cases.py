"""The cases inbox and the case page (staff and admin only: case texts are personal data).

Replies, assignments and closings go through the desk, so the mediator hears about them in the channel the case
came from (web chat outbox, Telegram, Zalo); a relay that fails is recorded with its reason and shown on the case
page. Every action writes the audit log.
"""

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from aiohttp import web
from multidict import MultiDict, MultiMapping

from admin.web import (
    EDITORS,
    LOCAL_TZ,
    STAFF,
    Console,
    account_of,
    core_of,
    read_form,
    redirect,
    render,
    text_field,
)
from bot.core import texts
from bot.core.errors import Conflict, DomainError, Invalid, NotFound
from bot.core.knowledge import dispute_kinds
from bot.core.normalize import fold
from bot.domain import cases as case_ops
from bot.domain import entries
from bot.storage import accounts_repo, cases_repo, stats_repo
from bot.storage.accounts_repo import Account
from bot.storage.audit_repo import write_audit
from bot.storage.cases_repo import CaseFilter
from bot.storage.models import Case
from bot.web.errors import status_of
from bot.web.params import MAX_ID, bounded

STATUS_FILTERS = ("open", "new", "assigned", "answered", "closed", "all")
MAX_TEXT = 3000  # a reply is relayed as one message; Telegram allows 4096 characters with our prefix
MAX_HOURS = 24 * 365 * 5
SHOWN = 200  # cases on one inbox page


@dataclass(frozen=True)
class Row:
    """One line of the inbox."""

    case: Case
    topic: str
    age_minutes: int
    overdue: bool
    relay_failed: bool


# --- reading ----------------------------------------------------------------------------------------------------------


def case_filter(query: MultiMapping[str], topics: set[str]) -> CaseFilter:
    """The inbox filters from the query string; unknown values are ignored. Open cases by default."""
    status = query.get("status", "open")
    hours = query.get("hours", "").strip()
    return CaseFilter(
        status=None if status == "all" or status not in STATUS_FILTERS else status,
        commune=query.get("commune", "").strip()[:120] or None,
        topic=query.get("topic") if query.get("topic") in topics else None,
        older_than_hours=bounded(hours, 1, MAX_HOURS),
    )


async def inbox(request: web.Request) -> web.StreamResponse:
    """Escalated cases, urgent first, filtered by status, commune, topic and age; overdue ones flagged."""
    core = core_of(request)
    kb_topics = core.service.snapshot.knowledge.topics
    flt = case_filter(request.query, set(kb_topics))
    now, hours = core.clock(), core.settings.case_response_hours
    cases = await _matching(core, flt, now)
    failed = await core.db.run(case_ops.failed_relays, case_ids=[c.id for c in cases if c.id is not None])
    rows = [Row(c, _topic_title(core, c.topic), _minutes(now - _aware(c.created_at)),
                cases_repo.is_overdue(c, now, hours), c.id in failed) for c in cases]
    counts = (await core.db.run(stats_repo.open_cases),
              await core.db.run(stats_repo.overdue_cases, now=now, hours=hours))
    return render(request, "cases.html", rows=rows, flt=flt, chosen=flt.status or "all", counts=counts, hours=hours,
                  topics=dispute_kinds(kb_topics), status_filters=STATUS_FILTERS,
                  case_status=texts.ADMIN_CASE_STATUS)


async def _matching(core: Console, flt: CaseFilter, now: dt.datetime) -> list[Case]:
    """The filtered cases. Mediators type commune names with or without diacritics ("Chieng Pha", "Chiềng Pha"),
    and SQLite lower-cases ASCII only, so the commune is matched here on folded text rather than in SQL."""
    if not flt.commune:
        return await core.db.run(cases_repo.list_cases, flt=flt, now=now, limit=SHOWN)
    wanted = fold(flt.commune)
    cases = await core.db.run(cases_repo.list_cases, flt=replace(flt, commune=None), now=now, limit=50 * SHOWN)
    return [c for c in cases if wanted in fold(c.commune or "")][:SHOWN]


async def case_page(request: web.Request, error: str | None = None, status: int = 200) -> web.Response:
    """The whole thread (mediator, staff replies with delivery, system events, internal notes) and the actions."""
    core = core_of(request)
    view = await core.db.run(case_ops.load_case, case_id=_case_id(request))
    if view is None:
        raise NotFound(texts.ADMIN_CASE_UNKNOWN)
    now = core.clock()
    return render(request, "case.html", status=status, view=view, case=view.case, error=error,
                  topic=_topic_title(core, view.case.topic), staff=await _staff_accounts(core),
                  overdue=cases_repo.is_overdue(view.case, now, core.settings.case_response_hours),
                  age_minutes=_minutes(now - _aware(view.case.created_at)), outcomes=texts.CASE_OUTCOMES,
                  case_status=texts.ADMIN_CASE_STATUS, can_edit_entries=account_of(request).role in EDITORS,
                  max_text=MAX_TEXT)


# --- actions ----------------------------------------------------------------------------------------------------------


async def assign(request: web.Request) -> web.StreamResponse:
    """Take the case ("assign to me") or hand it to another staff account."""
    core, case = core_of(request), await _open_case(request)
    me = account_of(request).username
    username = text_field(await read_form(request), "username").strip() or me
    if username not in {a.username for a in await _staff_accounts(core)}:
        return await case_page(request, texts.ADMIN_CASE_ASSIGNEE_INVALID, 400)
    if await core.desk.assign(_id(case), username) is None:
        raise Conflict(texts.ADMIN_CASE_CLOSED)
    await core.db.run(write_audit, actor=me, action="case.assign", target=case.number, after=f"assignee: {username}")
    raise redirect(_url(case), "case_assigned")


async def reply(request: web.Request) -> web.StreamResponse:
    """Send an answer to the mediator through the channel the case came from; a failed relay stays on the page."""
    core, case = core_of(request), await _open_case(request)
    me = account_of(request).username
    try:
        text = _text(await read_form(request), "text")
    except DomainError as exc:
        return await case_page(request, exc.message, status_of(exc))
    result = await core.desk.reply(_id(case), me, text)
    outcome = "sent" if result.delivered else f"failed: {result.error}"
    await core.db.run(write_audit, actor=me, action="case.reply", target=case.number, after=outcome)
    raise redirect(_url(case), "case_replied" if result.delivered else None)


async def add_note(request: web.Request) -> web.StreamResponse:
    """An internal note for colleagues: never sent to the mediator."""
    core, case_id = core_of(request), _case_id(request)
    try:
        text = _text(await read_form(request), "text")
    except DomainError as exc:
        return await case_page(request, exc.message, status_of(exc))
    case = await core.db.run(case_ops.add_note, case_id=case_id, author=account_of(request).username, text=text)
    if case is None:
        raise NotFound(texts.ADMIN_CASE_UNKNOWN)
    raise redirect(_url(case), "case_noted")


async def close(request: web.Request) -> web.StreamResponse:
    """Close with an outcome category; the mediator is told and asked to rate the help (1–5)."""
    core, case = core_of(request), await _open_case(request)
    me = account_of(request).username
    outcome = text_field(await read_form(request), "outcome")
    if outcome not in texts.CASE_OUTCOMES:
        return await case_page(request, texts.ADMIN_CASE_OUTCOME_INVALID, 400)
    if await core.desk.close(_id(case), me, outcome) is None:
        raise Conflict(texts.ADMIN_CASE_CLOSED)
    await core.db.run(write_audit, actor=me, action="case.close", target=case.number, after=f"outcome: {outcome}")
    raise redirect(_url(case), "case_closed")


async def draft_scenario(request: web.Request) -> web.StreamResponse:
    """"Tạo tình huống mẫu nháp": a draft scenario from a closed case, personal numbers masked, for an editor."""
    core = core_of(request)
    account = account_of(request)
    entry_id, created = await core.db.run(
        case_ops.create_draft_scenario, case_id=_case_id(request), actor=account.username,
        registry=entries.registry_of(core.service.snapshot.knowledge), today=dt.datetime.now(LOCAL_TZ).date())
    msg = "case_draft" if created else "case_draft_exists"
    if account.role in EDITORS:  # staff cannot open the entry editor: they stay on the case
        raise redirect(f"/admin/entries/{entry_id}", msg)
    raise redirect(f"/admin/cases/{_case_id(request)}", msg)


# --- helpers ----------------------------------------------------------------------------------------------------------


def _case_id(request: web.Request) -> int:
    number = bounded(request.match_info["id"], 1, MAX_ID)
    if number is None:
        raise NotFound(texts.ADMIN_CASE_UNKNOWN)
    return number


async def _open_case(request: web.Request) -> Case:
    """The case of the URL, refused once closed (notes excepted, they are always allowed)."""
    case = await core_of(request).db.run(cases_repo.get_case, case_id=_case_id(request))
    if case is None:
        raise NotFound(texts.ADMIN_CASE_UNKNOWN)
    if case.status == "closed":
        raise Conflict(texts.ADMIN_CASE_CLOSED)
    return case


def _id(case: Case) -> int:
    assert case.id is not None
    return case.id


def _url(case: Case) -> str:
    return f"/admin/cases/{case.id}"


def _text(form: MultiDict[Any], name: str) -> str:
    value = text_field(form, name).strip()
    if not value or len(value) > MAX_TEXT:
        raise Invalid(texts.ADMIN_CASE_TEXT_REQUIRED.format(limit=MAX_TEXT), name)
    return value


async def _staff_accounts(core: Console) -> list[Account]:
    """Active accounts that may be given a case."""
    users = await core.db.run(accounts_repo.list_users)
    return [u for u in users if u.active and u.role in STAFF]


def _topic_title(core: Console, topic_id: str | None) -> str:
    topic = core.service.snapshot.knowledge.topics.get(topic_id or "")
    return topic.title if topic else texts.STAFF_NO_TOPIC


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _minutes(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))
