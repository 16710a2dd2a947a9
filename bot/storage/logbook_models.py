"""The mediation logbook tables (issue 18): one row per recorded case, and the claim of each scheduled reminder.

Kept beside models.py, which re-exports them. Times are UTC; `case_date` and `deadline` are days in Vietnam time.
Texts (summary, difficulty, village) are masked before they are stored; summary and difficulty are dropped after
HOAGIAI_CASE_RETENTION_DAYS while the rest (what reports count) stays. The user key is cleared when the user erases
(/xoa): the record keeps counting in reports, nobody can list it any more.
"""

import datetime as dt
from typing import Any

from sqlalchemy import Column, DateTime, Index, Text
from sqlmodel import Field, SQLModel


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _ts() -> Any:
    return Field(default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False))


class LogbookRecord(SQLModel, table=True):
    """A case a mediator recorded (/ghiso). Kinds, starts and results are ids of knowledge/logbook.yaml."""

    __tablename__ = "logbook_record"
    __table_args__ = (Index("ix_logbook_record_day", "case_date", "commune_id"),
                      Index("ix_logbook_record_user", "user_key", "case_date"))
    id: int | None = Field(default=None, primary_key=True)
    user_key: str | None = Field(default=None, max_length=64)  # the pseudonymous key; None once the user erased
    commune_id: str = Field(max_length=64)  # an id of communes.yaml (the team's commune)
    village: str | None = Field(default=None, max_length=120)  # the team's village (bản, tổ dân phố), as in /coso
    case_date: dt.date  # the day of the case, Vietnam time
    kind_id: str = Field(max_length=32)
    start_id: str = Field(max_length=32)
    result_id: str = Field(max_length=32)
    agreement_written: bool = False  # a văn bản hòa giải thành was made (Art. 24(2))
    summary: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # masked; dropped at retention
    difficulty: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # masked; dropped likewise
    deadline: dt.date | None = None  # when the agreement is to be performed (results "thanh" only)
    reminder_wanted: bool = False
    channel: str | None = Field(default=None, max_length=16)  # where reminders go (only while one is wanted)
    raw_user_id: str | None = Field(default=None, max_length=128)  # needed to send a reminder; erased with /xoa
    performance: str | None = Field(default=None, max_length=16)  # done | ongoing | not: the last answer
    performance_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    summary_dropped: bool = False  # retention removed the texts
    created_at: dt.datetime = _ts()
    updated_at: dt.datetime = _ts()


class LogbookReminder(SQLModel, table=True):
    """One scheduled reminder of a record ("before": 3 days before the deadline, "due": on it), claimed by the replica
    that inserts the row first, so each goes out once."""

    __tablename__ = "logbook_reminder"
    record_id: int = Field(primary_key=True)
    stage: str = Field(primary_key=True, max_length=8)  # before | due
    day: dt.date  # the Vietnam day it was claimed
    status: str = Field(default="claimed", max_length=16)  # claimed | sent | failed | skipped
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    claimed_at: dt.datetime = _ts()
