"""Case work that is one transaction with its audit record (notes, the case page's view), and the draft scenario made from a
closed case. Actions that reach the mediator (reply, assign, close) go through the desk instead (bot.domain.desk.Desk).

Audit records name the case by its number and never copy case texts: the audit log outlives the case retention
period, case texts must not (`hoagiai retention` anonymizes them).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from bot.core import texts
from bot.core.errors import Conflict, NotFound
from bot.core.knowledge import Topic
from bot.core.privacy import mask_personal
from bot.core.schema import SCHEMAS
from bot.core.validation import Registry
from bot.domain import entries
from bot.storage import cases_repo, voice_repo
from bot.storage.audit_repo import write_audit
from bot.storage.models import Case, CaseMessage, VoiceMessage

LAW = "35/2013/QH13"  # Luật Hòa giải ở cơ sở: Article 3 is the scope of grassroots mediation
FALLBACK_TOPIC = "quy-dinh-chung"  # cases filed under "Loại khác" carry no topic; the editor picks the right one
_LIMITS = {s.name: s.max_len for s in SCHEMAS["scenario"] if s.max_len}


@dataclass(frozen=True)
class CaseView:
    """A case with its whole thread (internal notes included) as the case page shows it."""

    case: Case
    messages: list[CaseMessage]
    draft_id: str | None  # the draft scenario made from this case, when there is one
    voices: list[VoiceMessage] = field(default_factory=list)  # recordings the mediator sent (without their bytes)

    @property
    def failed(self) -> list[CaseMessage]:
        """Staff replies that did not reach the mediator."""
        return [m for m in self.messages if m.kind == "reply" and m.delivery == "failed"]


def draft_id_of(number: str) -> str:
    """The knowledge entry id of the draft scenario made from a case: HG-2026-00042 -> tinh-huong-hg-2026-00042."""
    return f"tinh-huong-{number.lower()}"


def load_case(*, session: Session, case_id: int) -> CaseView | None:
    case = cases_repo.get_case(session=session, case_id=case_id)
    if case is None:
        return None
    draft = entries.get_copy(session=session, entry_id=draft_id_of(case.number))
    return CaseView(case, cases_repo.thread(session=session, case_id=case_id), draft.id if draft else None,
                    voice_repo.of_case(session=session, case_id=case_id))


def failed_relays(*, session: Session, case_ids: Iterable[int]) -> set[int]:
    """The cases whose latest staff reply did not reach the mediator (the inbox flags them)."""
    ids = list(case_ids)
    if not ids:
        return set()
    rows = session.exec(select(CaseMessage.case_id, CaseMessage.delivery)
                        .where(col(CaseMessage.case_id).in_(ids), col(CaseMessage.kind) == "reply")
                        .order_by(col(CaseMessage.id))).all()
    latest = dict(rows)  # later rows overwrite earlier ones: the latest reply of each case wins
    return {case_id for case_id, delivery in latest.items() if delivery == "failed"}


def add_note(*, session: Session, case_id: int, author: str, text: str) -> Case | None:
    """An internal note: kept in the thread, never sent to the mediator."""
    case = cases_repo.get_case(session=session, case_id=case_id)
    if case is None:
        return None
    cases_repo.add_note(session=session, case_id=case_id, author=author, text=text)
    write_audit(session=session, actor=author, action="case.note", target=case.number)
    return case


def create_draft_scenario(
    *, session: Session, case_id: int, actor: str, registry: Registry, today: dt.date
) -> tuple[str, bool]:
    """Turn a closed case into a draft scenario entry; returns (entry id, whether it was created now).

    Phone and ID numbers are masked; names and places cannot be found reliably, so the draft's note asks the
    editor to anonymize them before anyone may publish it.
    """
    case = cases_repo.get_case(session=session, case_id=case_id)
    if case is None:
        raise NotFound(texts.ADMIN_CASE_UNKNOWN)
    if case.status != "closed":
        raise Conflict(texts.ADMIN_CASE_NOT_CLOSED)
    if case.anonymized:
        raise Conflict(texts.ADMIN_CASE_ANONYMIZED)
    entry_id = draft_id_of(case.number)
    if entries.get_copy(session=session, entry_id=entry_id) is not None:
        return entry_id, False
    thread = cases_repo.thread(session=session, case_id=case_id, include_notes=False)
    data = entries.coerce("scenario", scenario_from_case(case, thread, registry.topics, today))
    entries.save(session=session, kind="scenario", data=data, registry=registry, actor=actor, create=True,
                 submit=False)
    write_audit(session=session, actor=actor, action="case.draft_scenario", target=case.number, after=entry_id)
    return entry_id, True


def scenario_from_case(
    case: Case, thread: list[CaseMessage], topics: Mapping[str, Topic], today: dt.date
) -> dict[str, Any]:
    """The scenario fields: the mediator's messages as the situation, the staff replies as the analysis.

    Left out on purpose: internal notes, the commune, the channel and every id of the mediator.
    """
    topic = case.topic if case.topic and case.topic in topics else FALLBACK_TOPIC
    situation = [mask_personal(m.text) for m in thread if m.kind == "mediator"] or [mask_personal(case.description or "")]
    replies = [mask_personal(m.text) for m in thread if m.kind == "reply"]
    outcome = texts.CASE_DRAFT_OUTCOME.format(outcome=case.outcome or texts.CASE_OUTCOMES[-1])
    question = " ".join(mask_personal(case.attached_question or "").split())[:300]
    return {
        "id": draft_id_of(case.number),
        "title": texts.CASE_DRAFT_TITLE.format(topic=topics[topic].title)[: _LIMITS["title"]],
        "alt_questions": [question] if question else [],
        "summary": _cut(replies[-1] if replies else texts.CASE_DRAFT_PLACEHOLDER, "summary"),
        "situation": _cut("\n\n".join(situation), "situation"),
        "analysis": _cut("\n\n".join([*(replies or [texts.CASE_DRAFT_PLACEHOLDER]), outcome]), "analysis"),
        "steps": [],
        "pitfalls": [],
        "escalate_when": [],
        "topics": [topic],
        "citations": [{"doc": LAW, "article": 3}],
        "sources": [],
        "note": _cut(texts.CASE_DRAFT_NOTE.format(number=case.number, outcome=case.outcome or "",
                                                  date=today.strftime("%d/%m/%Y")), "note"),
        "reviewed": today,
        "status": "draft",
    }


def _cut(text: str, field: str) -> str:
    limit = _LIMITS[field]
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
