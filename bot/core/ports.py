"""What the dialogue needs from persistence, as a protocol: storage implements it, tests use the real one."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from bot.core.messages import Audio, ChannelCaps, Reply


class DialogueStore(Protocol):
    async def begin_turn(self, user_key: str, channel: str, *, count: bool) -> tuple[bool, dict[str, Any]]:
        """Count the message against the flood limit (when `count`) and read the state, in one transaction."""
        ...

    async def get_state(self, user_key: str) -> dict[str, Any]: ...

    async def save_state(self, user_key: str, channel: str, state: dict[str, Any]) -> None: ...

    async def over_flood_limit(self, user_key: str, channel: str) -> bool: ...

    async def log_question(
        self,
        *,
        channel: str,
        user_key: str,
        text: str,
        normalized: str,
        outcome: str,
        top_id: str | None,
        top_score: float | None,
        latency_ms: float,
    ) -> int: ...

    async def mark_picked(self, question_id: int, entry_id: str) -> None: ...

    async def record_feedback(
        self, *, channel: str, user_key: str, entry_id: str, helpful: bool, question_id: int | None
    ) -> int: ...

    async def update_feedback(self, feedback_id: int, *, reason: str | None = None, comment: str | None = None) -> None: ...

    async def erase_user(self, user_key: str) -> None: ...


@dataclass(frozen=True)
class CaseLine:
    """One message of a case's thread as the mediator sees it: theirs ("me") or a staff answer ("staff")."""

    who: str
    text: str
    at: dt.datetime


@dataclass(frozen=True)
class CaseSummary:
    """A case of the mediator's, with its thread (internal notes and staff names left out)."""

    id: int
    number: str
    status: str
    created_at: dt.datetime
    outcome: str | None
    thread: tuple[CaseLine, ...]


class CaseDesk(Protocol):
    """What the escalation form needs from the staff desk (cases are stored and announced outside the core)."""

    async def open_case(
        self,
        *,
        channel: str,
        user_key: str,
        raw_user_id: str,
        topic: str | None,
        commune: str | None,
        description: str,
        attached_question: str | None,
        attached_answer: str | None,
        urgent: bool,
    ) -> str: ...

    async def open_cases(self, user_key: str) -> list[tuple[int, str, str]]: ...

    async def recent_cases(self, user_key: str, days: int) -> list[CaseSummary]:
        """Open cases, and answered or closed ones changed in the last `days`, newest first, with their threads."""
        ...

    async def add_info(self, case_id: int, user_key: str, text: str) -> str | None: ...

    async def rate(self, case_id: int, user_key: str, rating: int) -> str:
        """"rated"; "not_closed" (only a closed case is rated); "already" (rated once); "refused" (not theirs)."""
        ...


class Outbound(Protocol):
    """A channel as seen from outside a conversation: proactive messages (a staff answer, a case closed)."""

    @property
    def name(self) -> str: ...

    @property
    def caps(self) -> ChannelCaps:
        """What the replies may use."""
        ...

    async def send(self, user_id: str, replies: list[Reply]) -> None:
        """Deliver replies to a user outside a request; raise DeliveryFailed (bot.core.errors) on failure."""
        ...


class VoiceDesk(Protocol):
    """Voice messages from mediators: held until they confirm, then sent to the staff desk as a case."""

    async def hold(self, *, channel: str, user_key: str, raw_user_id: str, audio: Audio) -> tuple[int, float]:
        """Keep the recording for a while; (its id, its duration in seconds). Raises a DomainError whose message
        the mediator reads when the recording is refused (too long, unreadable)."""
        ...

    async def send(self, held_id: int, user_key: str, commune: str | None = None) -> str | None:
        """Open a case with the recording attached (in the commune the mediator last gave, if any); its number, or
        None when the recording is gone."""
        ...

    async def drop(self, held_id: int, user_key: str) -> bool: ...
