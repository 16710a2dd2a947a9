"""What the training flows need from persistence (storage implements these; tests use the real one).

Practice and the daily question record answers and read reviews and progress; /coso reads and sets where a mediator
serves; contests register participants and time their answers on the server. Every method takes the pseudonymous
user key, never a raw id, except `subscribe`, which must keep the raw id to send the daily question.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from bot.core.quiz import Review


@dataclass(frozen=True)
class Progress:
    """A user's practice so far (/tiendo)."""

    rounds: int = 0
    answered: int = 0
    right: int = 0
    per_topic: dict[str, tuple[int, int]] = field(default_factory=dict)  # topic -> (right, answered)
    days: tuple[dt.date, ...] = ()  # days (Vietnam time) with at least one answer, most recent first
    reviews_due: int = 0
    reviews_waiting: int = 0


class QuizBook(Protocol):
    async def reviews(self, user_key: str) -> dict[str, Review]: ...

    async def seen_items(self, user_key: str) -> set[str]: ...

    async def record_answer(self, *, user_key: str, channel: str, item_id: str, topic: str, correct: bool, mode: str,
                            now: dt.datetime) -> None:
        """Store the answer and move the item's review on (one transaction)."""
        ...

    async def record_round(self, *, user_key: str, channel: str, topic: str | None, questions: int, right: int,
                           now: dt.datetime) -> None: ...

    async def progress(self, user_key: str, now: dt.datetime) -> Progress: ...


class DailyBook(Protocol):
    async def subscription_hour(self, user_key: str) -> int | None: ...

    async def subscribe(self, *, user_key: str, channel: str, raw_user_id: str, hour: int) -> None: ...

    async def unsubscribe(self, user_key: str) -> bool: ...

    async def mark_daily_answered(self, *, user_key: str, item_id: str, now: dt.datetime) -> bool:
        """True the first time the daily question with this item is answered; False for a repeat or no such send."""
        ...


@dataclass(frozen=True)
class Place:
    commune_id: str
    village: str | None


class PlaceBook(Protocol):
    async def place_of(self, user_key: str) -> Place | None: ...

    async def set_place(self, *, user_key: str, channel: str, commune_id: str, village: str | None) -> None: ...


@dataclass(frozen=True)
class ContestInfo:
    id: int
    code: str
    title: str
    items: tuple[str, ...]
    starts_at: dt.datetime
    ends_at: dt.datetime
    seconds: int


@dataclass(frozen=True)
class Shown:
    """An item shown to a participant: its place in the contest and when the server showed it."""

    position: int
    item_id: str
    shown_at: dt.datetime


@dataclass(frozen=True)
class Standing:
    rank: int
    participants: int
    right: int
    answered: int
    seconds: float


class ContestBook(Protocol):
    async def contest_by_code(self, code: str) -> ContestInfo | None: ...

    async def contest_by_id(self, contest_id: int) -> ContestInfo | None: ...

    async def entry_of(self, contest_id: int, user_key: str) -> tuple[int, str] | None:
        """The participant's entry id and display name, if they joined."""
        ...

    async def join(self, *, contest_id: int, user_key: str, channel: str, name: str, now: dt.datetime) -> int: ...

    async def next_question(self, *, entry_id: int, contest: ContestInfo, now: dt.datetime) -> Shown | None:
        """The item now shown (a new one, or the one shown before and still within its time); items whose time ran
        out unanswered are recorded as missed on the way. None when every item has been answered."""
        ...

    async def answer(self, *, entry_id: int, item_id: str, choice: int, correct: bool, now: dt.datetime,
                     limit_s: int) -> float | None:
        """Record the answer to the item shown: the seconds it took (server time); None when the item is not open
        (already answered, or never shown). An answer later than `limit_s` is recorded as wrong."""
        ...

    async def standing(self, *, contest_id: int, entry_id: int) -> Standing: ...
