"""The async facade the logbook flow talks to: implements bot.core.logbook_ports.LogbookBook over logbook_repo, one
short transaction per call, off the event loop."""

import datetime as dt
from typing import Any

from bot.core.logbook_ports import CaseRecord
from bot.storage import logbook_repo
from bot.storage.database import Database
from bot.storage.logbook_models import LogbookRecord


def as_case(row: LogbookRecord) -> CaseRecord:
    assert row.id is not None
    return CaseRecord(row.id, row.commune_id, row.village, row.case_date, row.kind_id, row.start_id, row.result_id,
                      row.agreement_written, row.summary, row.difficulty, row.deadline, row.reminder_wanted,
                      row.performance, row.summary_dropped)


class LogbookStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add_record(self, *, user_key: str, commune_id: str, village: str | None, case_date: dt.date,
                         kind_id: str, start_id: str, result_id: str, agreement_written: bool, summary: str | None,
                         deadline: dt.date | None, now: dt.datetime) -> CaseRecord:
        row = await self.db.run(logbook_repo.add, user_key=user_key, commune_id=commune_id, village=village,
                                case_date=case_date, kind_id=kind_id, start_id=start_id, result_id=result_id,
                                agreement_written=agreement_written, summary=summary, deadline=deadline, now=now)
        return as_case(row)

    async def get_record(self, record_id: int, user_key: str) -> CaseRecord | None:
        row = await self.db.run(logbook_repo.get, record_id=record_id, user_key=user_key)
        return None if row is None else as_case(row)

    async def list_records(self, user_key: str, *, limit: int, offset: int) -> tuple[list[CaseRecord], int]:
        rows = await self.db.run(logbook_repo.list_for_user, user_key=user_key, limit=limit, offset=offset)
        total = await self.db.run(logbook_repo.count_for_user, user_key=user_key)
        return [as_case(r) for r in rows], total

    async def update_record(self, record_id: int, user_key: str, now: dt.datetime, **fields: Any) -> bool:
        return await self.db.run(logbook_repo.update, record_id=record_id, user_key=user_key, now=now, **fields)

    async def delete_record(self, record_id: int, user_key: str) -> bool:
        return await self.db.run(logbook_repo.delete, record_id=record_id, user_key=user_key)

    async def record_performance(self, record_id: int, user_key: str, state: str, now: dt.datetime) -> bool:
        return await self.db.run(logbook_repo.record_performance, record_id=record_id, user_key=user_key, state=state,
                                 now=now)
