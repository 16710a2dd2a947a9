"""Escalated cases: numbering, the thread of messages, status changes, overdue marking and retention."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from bot.core import texts
from bot.core.privacy import mask_personal
from bot.storage.models import Case, CaseCounter, CaseMessage, VoiceMessage, utcnow
from bot.storage.sql import affected

OPEN_STATUSES = ("new", "assigned", "answered")
ANONYMIZED = texts.CASE_ANONYMIZED


def next_number(*, session: Session, now: dt.datetime) -> str:
    """HG-2026-00042: a per-year counter, locked for the increment."""
    counter = session.get(CaseCounter, now.year, with_for_update=True)
    if counter is None:
        counter = CaseCounter(year=now.year, value=0)
    counter.value += 1
    session.add(counter)
    session.flush()
    return f"HG-{now.year}-{counter.value:05d}"


def create_case(
    *,
    session: Session,
    channel: str,
    user_key: str,
    raw_user_id: str,
    topic: str | None,
    commune: str | None,
    description: str,
    attached_question: str | None,
    attached_answer: str | None,
    urgent: bool,
    now: dt.datetime | None = None,
) -> Case:
    now = now or utcnow()
    # What the mediator typed is stored masked (phone, ID, account numbers, e-mail), like every stored user text.
    description = mask_personal(description)
    attached_question = mask_personal(attached_question) if attached_question is not None else None
    case = Case(number=next_number(session=session, now=now), channel=channel, user_key=user_key,
                raw_user_id=raw_user_id, topic=topic, commune=commune, description=description,
                attached_question=attached_question, attached_answer=attached_answer, urgent=urgent,
                created_at=now, updated_at=now)
    session.add(case)
    session.flush()
    assert case.id is not None  # assigned by the flush
    session.add(CaseMessage(case_id=case.id, author="mediator", kind="mediator", text=description, created_at=now))
    return case


def get_case(*, session: Session, case_id: int) -> Case | None:
    return session.get(Case, case_id)


def find_by_number(*, session: Session, number: str) -> Case | None:
    return session.exec(select(Case).where(col(Case.number) == number)).first()


def find_by_staff_message(*, session: Session, ref: str) -> Case | None:
    return session.exec(select(Case).where(col(Case.staff_message_ref) == ref)).first()


def set_staff_message(*, session: Session, case_id: int, ref: str) -> None:
    case = session.get(Case, case_id)
    if case is not None:
        case.staff_message_ref = ref
        session.add(case)


def open_cases_of(*, session: Session, user_key: str) -> list[Case]:
    stmt = (select(Case).where(col(Case.user_key) == user_key, col(Case.status).in_(OPEN_STATUSES))
            .order_by(col(Case.id)))
    return list(session.exec(stmt).all())


def recent_of(*, session: Session, user_key: str, since: dt.datetime, limit: int = 10) -> list[Case]:
    """A mediator's open cases and those changed since `since` (answered, closed), newest first."""
    stmt = (select(Case).where(col(Case.user_key) == user_key,
                               col(Case.status).in_(OPEN_STATUSES) | (col(Case.updated_at) >= since))
            .order_by(col(Case.id).desc()).limit(limit))
    return list(session.exec(stmt).all())


def thread(*, session: Session, case_id: int, include_notes: bool = True) -> list[CaseMessage]:
    stmt = select(CaseMessage).where(col(CaseMessage.case_id) == case_id)
    if not include_notes:
        stmt = stmt.where(col(CaseMessage.kind) != "note")
    return list(session.exec(stmt.order_by(col(CaseMessage.id))).all())


def add_mediator_info(*, session: Session, case_id: int, user_key: str, text: str) -> Case | None:
    """The mediator adds information; an answered case is reopened for staff."""
    case = session.get(Case, case_id)
    if case is None or case.user_key != user_key or case.status not in OPEN_STATUSES:
        return None
    session.add(CaseMessage(case_id=case_id, author="mediator", kind="mediator", text=mask_personal(text)))
    if case.status == "answered":
        case.status = "assigned" if case.assignee else "new"
        case.overdue_announced = False
    case.updated_at = utcnow()
    session.add(case)
    return case


def assign(*, session: Session, case_id: int, username: str) -> Case | None:
    case = session.get(Case, case_id)
    if case is None or case.status == "closed":
        return None
    case.assignee = username
    if case.status == "new":
        case.status = "assigned"
    session.add(case)  # updated_at stays: it is when the mediator last waited for an answer (overdue clock)
    session.add(CaseMessage(case_id=case_id, author=username, kind="system", text=texts.CASE_EVENT_TAKEN.format(user=username)))
    return case


def record_reply(
    *, session: Session, case_id: int, author: str, text: str, delivery: str, error: str | None = None
) -> CaseMessage:
    """A staff answer, with whether it reached the mediator (sent / failed and why)."""
    case = session.get(Case, case_id)
    assert case is not None
    message = CaseMessage(case_id=case_id, author=author, kind="reply", text=text, delivery=delivery,
                          delivery_error=error)
    session.add(message)
    if case.status in ("new", "assigned"):
        case.status = "answered"
        case.answered_at = utcnow()
    case.assignee = case.assignee or author
    case.updated_at = utcnow()
    session.add(case)
    session.flush()
    return message


def record_system(*, session: Session, case_id: int, text: str, error: str | None) -> None:
    """A message the system tried to send the mediator (e.g. the closing notice) that did not arrive."""
    session.add(CaseMessage(case_id=case_id, author="system", kind="system", text=text, delivery="failed",
                            delivery_error=error))


def add_note(*, session: Session, case_id: int, author: str, text: str) -> None:
    session.add(CaseMessage(case_id=case_id, author=author, kind="note", text=text))


def close_case(*, session: Session, case_id: int, author: str, outcome: str) -> Case | None:
    case = session.get(Case, case_id)
    if case is None or case.status == "closed":
        return None
    case.status, case.outcome, case.closed_at, case.updated_at = "closed", outcome, utcnow(), utcnow()
    session.add(case)
    session.add(CaseMessage(case_id=case_id, author=author, kind="system", text=texts.CASE_EVENT_CLOSED.format(outcome=outcome)))
    return case


def rate_case(*, session: Session, case_id: int, user_key: str, rating: int) -> str:
    """The person's rating of their case: accepted once, once the case is closed (a conditional update, so two presses
    at once on two replicas still rate once). Returns "rated", "not_closed", "already" or "refused"."""
    case = session.get(Case, case_id)
    if case is None or case.user_key != user_key or not 1 <= rating <= 5:
        return "refused"
    if case.status != "closed":
        return "not_closed"
    result = session.execute(update(Case).where(col(Case.id) == case_id, col(Case.status) == "closed",
                                                col(Case.rating).is_(None)).values(rating=rating))
    return "rated" if affected(result) else "already"


def mark_overdue(*, session: Session, now: dt.datetime, hours: int) -> list[Case]:
    """Cases still waiting for a staff reply after `hours`, not yet announced as overdue; marks them announced."""
    cutoff = now - dt.timedelta(hours=hours)
    stmt = select(Case).where(col(Case.status).in_(("new", "assigned")), col(Case.updated_at) < cutoff,
                              col(Case.overdue_announced).is_(False))
    cases = list(session.exec(stmt).all())
    for case in cases:
        case.overdue_announced = True
        session.add(case)
    return cases


def is_overdue(case: Case, now: dt.datetime, hours: int) -> bool:
    updated = case.updated_at if case.updated_at.tzinfo else case.updated_at.replace(tzinfo=dt.UTC)
    return case.status in ("new", "assigned") and now - updated > dt.timedelta(hours=hours)


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    commune: str | None = None
    topic: str | None = None
    older_than_hours: int | None = None


def list_cases(*, session: Session, flt: CaseFilter, now: dt.datetime | None = None, limit: int = 200) -> list[Case]:
    stmt = select(Case)
    if flt.status == "open":
        stmt = stmt.where(col(Case.status).in_(OPEN_STATUSES))
    elif flt.status:
        stmt = stmt.where(col(Case.status) == flt.status)
    if flt.commune:
        stmt = stmt.where(col(Case.commune).ilike(f"%{flt.commune}%"))
    if flt.topic:
        stmt = stmt.where(col(Case.topic) == flt.topic)
    if flt.older_than_hours:
        stmt = stmt.where(col(Case.created_at) < (now or utcnow()) - dt.timedelta(hours=flt.older_than_hours))
    return list(session.exec(stmt.order_by(col(Case.urgent).desc(), col(Case.id).desc()).limit(limit)).all())


def anonymize_expired(*, session: Session, days: int, now: dt.datetime | None = None) -> int:
    """Retention: closed cases older than `days` lose their texts and the raw channel id; counts stay."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    stmt = select(Case).where(col(Case.status) == "closed", col(Case.closed_at) < cutoff, col(Case.anonymized).is_(False))
    cases = list(session.exec(stmt).all())
    for case in cases:
        case.description = ANONYMIZED
        case.attached_question = None
        case.attached_answer = None
        case.raw_user_id = None
        case.user_key = "anonymized"
        case.anonymized = True
        session.add(case)
    if cases:
        ids = [c.id for c in cases]
        session.execute(update(CaseMessage).where(col(CaseMessage.case_id).in_(ids))
                        .values(text=ANONYMIZED, delivery_error=None))
        session.execute(delete(VoiceMessage).where(col(VoiceMessage.case_id).in_(ids)))  # recordings go too
    return len(cases)
