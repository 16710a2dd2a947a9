"""The voice messages mediators send (kept beside models.py, which re-exports them). Times are UTC."""

import datetime as dt
from typing import Any

from sqlalchemy import Column, DateTime, LargeBinary
from sqlmodel import Field, SQLModel


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _ts() -> Any:
    return Field(default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False))


class VoiceMessage(SQLModel, table=True):
    """A voice message a mediator sent: held until they confirm, then attached to the case it opened. Unconfirmed
    ones are deleted after a day; attached ones with their case, at the case's retention."""

    __tablename__ = "voice_message"
    id: int | None = Field(default=None, primary_key=True)
    user_key: str = Field(max_length=64, index=True)
    channel: str = Field(max_length=16)
    raw_user_id: str | None = Field(default=None, max_length=128)  # to open the case; erased with the row
    case_id: int | None = Field(default=None, index=True)
    mime: str = Field(max_length=64)
    duration_s: float
    size: int
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: dt.datetime = _ts()
