"""What the logbook flow needs from persistence (bot.storage.logbook_store implements it over logbook_repo).

Every method takes the pseudonymous user key and touches only that user's records; texts arrive already masked.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class CaseRecord:
    """One recorded case as the chat shows it."""

    id: int
    commune_id: str
    village: str | None
    case_date: dt.date
    kind_id: str
    start_id: str
    result_id: str
    agreement_written: bool
    summary: str | None
    difficulty: str | None
    deadline: dt.date | None
    reminder_wanted: bool
    performance: str | None
    summary_dropped: bool


class LogbookBook(Protocol):
    async def add_record(self, *, user_key: str, commune_id: str, village: str | None, case_date: dt.date,
                         kind_id: str, start_id: str, result_id: str, agreement_written: bool, summary: str | None,
                         deadline: dt.date | None, now: dt.datetime) -> CaseRecord: ...

    async def get_record(self, record_id: int, user_key: str) -> CaseRecord | None: ...

    async def list_records(self, user_key: str, *, limit: int, offset: int) -> tuple[list[CaseRecord], int]:
        """A page of the user's records, newest case first, and how many they have in all."""
        ...

    async def update_record(self, record_id: int, user_key: str, now: dt.datetime, **fields: Any) -> bool: ...

    async def delete_record(self, record_id: int, user_key: str) -> bool: ...

    async def record_performance(self, record_id: int, user_key: str, state: str, now: dt.datetime) -> bool: ...
