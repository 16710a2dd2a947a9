"""The staff desk: case operations shared by the mediator's form, the staff chats and the admin console.

Announcements go to every registered staff notifier (Telegram group, Zalo group); replies to the mediator go out
through the channel registry (`channels[case.channel]`), so no caller needs to know a channel's SDK. A relay that
fails is recorded with its reason and shown to staff: never lost silently.
"""

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.core import texts
from bot.core.actions import act
from bot.core.errors import DeliveryFailed
from bot.core.messages import Button, Reply
from bot.core.ports import CaseLine, CaseSummary, Outbound
from bot.core.privacy import mask_personal
from bot.core.service import KnowledgeService
from bot.storage import cases_repo
from bot.storage.database import Database
from bot.storage.models import Case, utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoiceNote:
    """A mediator's recording attached to a case, for the staff chats (a voice message, or a link to the case)."""

    content: bytes
    mime: str
    duration_s: float
    case_url: str  # the case page in the console, where staff play it


class StaffNotifier(Protocol):
    """A staff chat: posts case cards and notices; returns a reference to the posted card (for reply-to)."""

    name: str

    async def announce(self, case: Case, text: str, buttons: list[Button]) -> str | None: ...

    async def notice(self, text: str) -> None: ...

    async def voice(self, case: Case, note: VoiceNote) -> None:
        """Post the case's recording after its card."""
        ...


@dataclass
class RelayResult:
    delivered: bool
    error: str | None = None


@dataclass
class Desk:
    db: Database
    knowledge: KnowledgeService  # topic titles on the case cards
    channels: Mapping[str, Outbound]  # the registry the doors add themselves to
    response_hours: int = 48  # HOAGIAI_CASE_RESPONSE_HOURS
    clock: Callable[[], dt.datetime] = utcnow
    notifiers: list[StaffNotifier] = field(default_factory=list)
    public_url: str | None = None  # HOAGIAI_PUBLIC_URL: absolute links to the console in the staff chats

    # -- the mediator's side (CaseDesk port) ---------------------------------------------------------------------------

    async def open_case(self, **fields: Any) -> str:
        case = await self.db.run(cases_repo.create_case, now=self.clock(), **fields)
        await self.announce(case)
        return case.number

    async def open_cases(self, user_key: str) -> list[tuple[int, str, str]]:
        cases = await self.db.run(cases_repo.open_cases_of, user_key=user_key)
        return [(c.id, c.number, c.status) for c in cases if c.id is not None]

    async def recent_cases(self, user_key: str, days: int) -> list[CaseSummary]:
        """For /vuviec: open cases and those answered or closed in the last `days`, each with its thread (the
        mediator's messages and the staff answers; internal notes, events and staff names left out)."""
        def read(*, session: Any) -> list[CaseSummary]:
            found = []
            for case in cases_repo.recent_of(session=session, user_key=user_key,
                                             since=self.clock() - dt.timedelta(days=days)):
                assert case.id is not None
                lines = tuple(CaseLine("me" if m.kind == "mediator" else "staff", mask_personal(m.text), _utc(m.created_at))
                              for m in cases_repo.thread(session=session, case_id=case.id, include_notes=False)
                              if m.kind in ("mediator", "reply"))
                found.append(CaseSummary(case.id, case.number, case.status, _utc(case.created_at), case.outcome, lines))
            return found

        return await self.db.run(read)

    async def add_info(self, case_id: int, user_key: str, text: str) -> str | None:
        case = await self.db.run(cases_repo.add_mediator_info, case_id=case_id, user_key=user_key, text=text)
        if case is None:
            return None
        await self._notice(texts.STAFF_CASE_ADDED.format(number=case.number, text=mask_personal(text)[:600]))
        return case.number

    async def rate(self, case_id: int, user_key: str, rating: int) -> str:
        return await self.db.run(cases_repo.rate_case, case_id=case_id, user_key=user_key, rating=rating)

    # -- the staff side ------------------------------------------------------------------------------------------------

    def card(self, case: Case) -> tuple[str, list[Button]]:
        """The staff chat preview: personal numbers masked."""
        topic = self.knowledge.snapshot.knowledge.topics.get(case.topic or "")
        lines = [texts.STAFF_CASE_TITLE.format(number=case.number, urgent=" 🚨 KHẨN" if case.urgent else ""),
                 texts.STAFF_CASE_META.format(topic=topic.title if topic else texts.STAFF_NO_TOPIC,
                                               commune=case.commune or "—", channel=case.channel),
                 mask_personal(case.description or "")[:1500]]
        if case.attached_question:
            lines.append(texts.STAFF_CASE_ATTACHED.format(question=mask_personal(case.attached_question)[:300]))
        lines.append(texts.STAFF_CASE_HOWTO)
        assert case.id is not None
        buttons = [Button(texts.BTN_TAKE_CASE, act("s:take", case.id)), Button(texts.BTN_CLOSE_CASE, act("s:close", case.id))]
        return "\n".join(lines), buttons

    async def announce(self, case: Case, prefix: str = "") -> None:
        text, buttons = self.card(case)
        for notifier in self.notifiers:
            try:
                ref = await notifier.announce(case, prefix + text, buttons)
            except Exception:  # noqa: BLE001 - one unreachable staff chat must not stop the others
                logger.exception("announcing case %s to %s failed", case.number, notifier.name)
                continue
            if ref and case.id is not None:
                await self.db.run(cases_repo.set_staff_message, case_id=case.id, ref=f"{notifier.name}:{ref}")

    def case_url(self, case_id: int) -> str:
        return f"{(self.public_url or '').rstrip('/')}/admin/cases/{case_id}"

    async def post_voice(self, case: Case, note: VoiceNote) -> None:
        """The recording of a case, after its card, in every staff chat."""
        for notifier in self.notifiers:
            try:
                await notifier.voice(case, note)
            except Exception:  # noqa: BLE001 - the console has the recording whatever a staff chat does
                logger.exception("posting the recording of case %s to %s failed", case.number, notifier.name)

    async def _notice(self, text: str) -> None:
        for notifier in self.notifiers:
            try:
                await notifier.notice(text)
            except Exception:  # noqa: BLE001 - a notice is best effort; the console shows the same state
                logger.exception("staff notice to %s failed", notifier.name)

    async def reply(self, case_id: int, author: str, text: str) -> RelayResult:
        """Relay a staff answer to the mediator through the channel the case came from, and record the outcome."""
        case = await self.db.run(cases_repo.get_case, case_id=case_id)
        if case is None:
            return RelayResult(False, texts.STAFF_NO_CASE)
        result = await self._send(case, [Reply(texts.CASE_REPLY.format(number=case.number, text=text), author="staff")])
        await self.db.run(cases_repo.record_reply, case_id=case_id, author=author, text=text,
                               delivery="sent" if result.delivered else "failed", error=result.error)
        if not result.delivered:
            await self._notice(texts.STAFF_RELAY_FAILED.format(number=case.number, reason=result.error))
        return result

    async def assign(self, case_id: int, username: str) -> Case | None:
        case = await self.db.run(cases_repo.assign, case_id=case_id, username=username)
        if case is not None:
            await self._notice(texts.STAFF_TAKEN.format(number=case.number, user=username))
        return case

    async def close(self, case_id: int, author: str, outcome: str) -> Case | None:
        case = await self.db.run(cases_repo.close_case, case_id=case_id, author=author, outcome=outcome)
        if case is None:
            return None
        assert case.id is not None
        stars = [Button(str(n), act("c:rate", case.id, n)) for n in range(1, 6)]
        notice = texts.CASE_CLOSED.format(number=case.number, outcome=outcome)
        result = await self._send(case, [Reply(notice, tuple(stars))])
        if not result.delivered:  # the closing notice is part of the thread too: never lost without a trace
            await self.db.run(cases_repo.record_system, case_id=case.id, text=notice, error=result.error)
            await self._notice(texts.STAFF_RELAY_FAILED.format(number=case.number, reason=result.error))
        await self._notice(texts.STAFF_CLOSED.format(number=case.number, user=author))
        return case

    async def _send(self, case: Case, replies: list[Reply]) -> RelayResult:
        channel = self.channels.get(case.channel)
        if channel is None or not case.raw_user_id:
            return RelayResult(False, texts.STAFF_NO_CHANNEL.format(channel=case.channel))
        try:
            await channel.send(case.raw_user_id, replies)
        except DeliveryFailed as exc:
            return RelayResult(False, exc.reason)
        return RelayResult(True)

    # -- periodic work -------------------------------------------------------------------------------------------------

    async def check_overdue(self) -> list[Case]:
        """Mark cases past the promised time and re-announce each once in the staff chats."""
        hours = self.response_hours
        cases = await self.db.run(cases_repo.mark_overdue, now=self.clock(), hours=hours)
        for case in cases:
            await self.announce(case, prefix=texts.STAFF_OVERDUE_PREFIX.format(hours=hours))
        return cases

    async def run_overdue_checks(self, every_s: float = 300.0) -> None:
        while True:
            await asyncio.sleep(every_s)
            try:
                await self.check_overdue()
            except Exception:  # noqa: BLE001 - a failed round must not end the loop
                logger.exception("overdue check failed")


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
