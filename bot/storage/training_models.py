"""The training tables (issue 17): where mediators serve, practice answers and reviews, the daily question and
contests. Kept beside models.py, which re-exports them, so that module stays under the size limit; times are UTC."""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _ts() -> Any:
    return Field(default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False))




class UserPlace(SQLModel, table=True):
    """Where a mediator serves (/coso): a commune of communes.yaml and a village; shared with the logbook."""

    __tablename__ = "user_place"
    user_key: str = Field(primary_key=True, max_length=64)
    channel: str = Field(max_length=16)
    commune_id: str = Field(max_length=64, index=True)
    village: str | None = Field(default=None, max_length=120)  # masked like every stored text
    updated_at: dt.datetime = _ts()


class QuizAttempt(SQLModel, table=True):
    """One answer to a quiz item (practice, daily question or contest); user_key is cleared when the user erases."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (Index("ix_quiz_attempt_user", "user_key", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    user_key: str | None = Field(default=None, max_length=64)
    channel: str = Field(max_length=16)
    item_id: str = Field(max_length=80)
    topic: str = Field(max_length=64)  # the item's first topic, at its top level: what reports count it under
    correct: bool
    mode: str = Field(max_length=16)  # practice | daily | contest
    created_at: dt.datetime = _ts()


class QuizRound(SQLModel, table=True):
    """A finished practice round (for /tiendo)."""

    __tablename__ = "quiz_round"
    id: int | None = Field(default=None, primary_key=True)
    user_key: str | None = Field(default=None, max_length=64, index=True)
    channel: str = Field(max_length=16)
    topic: str | None = Field(default=None, max_length=64)  # None: mixed topics
    questions: int
    right: int
    finished_at: dt.datetime = _ts()


class QuizReview(SQLModel, table=True):
    """An item answered wrongly, waiting to come back (after 1, 3, 7 days) until answered right twice."""

    __tablename__ = "quiz_review"
    user_key: str = Field(primary_key=True, max_length=64)
    item_id: str = Field(primary_key=True, max_length=80)
    due_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    returns: int = 0  # how many times it has come back
    rights: int = 0  # right answers since it was missed
    updated_at: dt.datetime = _ts()


class DailySubscription(SQLModel, table=True):
    """Opt-in daily question (/moingay): the hour (Vietnam time) and the minute it is spread to within it."""

    __tablename__ = "daily_subscription"
    user_key: str = Field(primary_key=True, max_length=64)
    channel: str = Field(max_length=16)
    raw_user_id: str = Field(max_length=128)  # needed to send; deleted with the subscription (/dunglai, /xoa)
    hour: int
    minute: int
    active: bool = True
    created_at: dt.datetime = _ts()
    updated_at: dt.datetime = _ts()


class DailySend(SQLModel, table=True):
    """One scheduled send, claimed by the replica that inserts the row first: each goes out once."""

    __tablename__ = "daily_send"
    user_key: str = Field(primary_key=True, max_length=64)
    day: dt.date = Field(primary_key=True)  # the day in Vietnam time
    channel: str = Field(max_length=16)
    item_id: str | None = Field(default=None, max_length=80)
    status: str = Field(default="claimed", max_length=16)  # claimed | sending | sent | failed | skipped
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    claimed_at: dt.datetime = _ts()
    answered_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class Contest(SQLModel, table=True):
    """A "hòa giải viên giỏi" contest: a fixed list of items, a time window, seconds per question."""

    __tablename__ = "contest"
    __table_args__ = (UniqueConstraint("code"),)
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16)
    title: str = Field(max_length=200)
    items: list[str] = Field(sa_column=Column(JSON, nullable=False))
    starts_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    ends_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    seconds_per_question: int
    created_by: str = Field(max_length=80)
    created_at: dt.datetime = _ts()


class ContestEntry(SQLModel, table=True):
    """A participant, under the display name they chose."""

    __tablename__ = "contest_entry"
    __table_args__ = (UniqueConstraint("contest_id", "user_key"),)
    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(index=True)
    user_key: str | None = Field(default=None, max_length=64)
    channel: str = Field(max_length=16)
    display_name: str = Field(max_length=40)
    joined_at: dt.datetime = _ts()


class ContestAnswer(SQLModel, table=True):
    """An item shown to a participant (server time) and its answer; one row per item: nobody answers twice."""

    __tablename__ = "contest_answer"
    __table_args__ = (UniqueConstraint("entry_id", "item_id"),)
    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(index=True)
    item_id: str = Field(max_length=80)
    position: int
    shown_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    answered_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    choice: int | None = None
    correct: bool = False
    seconds: float | None = None  # answered_at - shown_at, capped at the contest's limit
