"""The async facade the training flows talk to: implements the ports of bot.core.training_ports over the training
repositories, one short transaction per call, off the event loop."""

import datetime as dt

from bot.core.quiz import Review, spread_minute
from bot.core.training_ports import ContestInfo, Place, Progress, Shown, Standing
from bot.storage import contest_repo, daily_repo, training_repo
from bot.storage.database import Database
from bot.storage.models import utcnow


class TrainingStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- QuizBook ----------------------------------------------------------------------------------------------------

    async def reviews(self, user_key: str) -> dict[str, Review]:
        return await self.db.run(training_repo.reviews, user_key=user_key)

    async def seen_items(self, user_key: str) -> set[str]:
        return await self.db.run(training_repo.seen_items, user_key=user_key)

    async def record_answer(self, *, user_key: str, channel: str, item_id: str, topic: str, correct: bool, mode: str,
                            now: dt.datetime) -> None:
        await self.db.run(training_repo.record_answer, user_key=user_key, channel=channel, item_id=item_id,
                          topic=topic, correct=correct, mode=mode, now=now)

    async def record_round(self, *, user_key: str, channel: str, topic: str | None, questions: int, right: int,
                           now: dt.datetime) -> None:
        await self.db.run(training_repo.record_round, user_key=user_key, channel=channel, topic=topic,
                          questions=questions, right=right, now=now)

    async def progress(self, user_key: str, now: dt.datetime) -> Progress:
        return await self.db.run(training_repo.progress, user_key=user_key, now=now)

    # -- DailyBook ---------------------------------------------------------------------------------------------------

    async def subscription_hour(self, user_key: str) -> int | None:
        return await self.db.run(daily_repo.subscription_hour, user_key=user_key)

    async def subscribe(self, *, user_key: str, channel: str, raw_user_id: str, hour: int) -> None:
        await self.db.run(daily_repo.subscribe, user_key=user_key, channel=channel, raw_user_id=raw_user_id,
                          hour=hour, minute=spread_minute(user_key), now=utcnow())

    async def unsubscribe(self, user_key: str) -> bool:
        return await self.db.run(daily_repo.unsubscribe, user_key=user_key)

    async def mark_daily_answered(self, *, user_key: str, item_id: str, now: dt.datetime) -> bool:
        return await self.db.run(daily_repo.mark_answered, user_key=user_key, item_id=item_id, now=now)

    # -- PlaceBook ---------------------------------------------------------------------------------------------------

    async def place_of(self, user_key: str) -> Place | None:
        return await self.db.run(training_repo.place_of, user_key=user_key)

    async def set_place(self, *, user_key: str, channel: str, commune_id: str, village: str | None) -> None:
        await self.db.run(training_repo.set_place, user_key=user_key, channel=channel, commune_id=commune_id,
                          village=village, now=utcnow())

    # -- ContestBook -------------------------------------------------------------------------------------------------

    async def contest_by_code(self, code: str) -> ContestInfo | None:
        return await self.db.run(contest_repo.by_code, code=code)

    async def contest_by_id(self, contest_id: int) -> ContestInfo | None:
        return await self.db.run(contest_repo.by_id, contest_id=contest_id)

    async def entry_of(self, contest_id: int, user_key: str) -> tuple[int, str] | None:
        return await self.db.run(contest_repo.entry_of, contest_id=contest_id, user_key=user_key)

    async def join(self, *, contest_id: int, user_key: str, channel: str, name: str, now: dt.datetime) -> int:
        return await self.db.run(contest_repo.join, contest_id=contest_id, user_key=user_key, channel=channel,
                                 name=name, now=now)

    async def next_question(self, *, entry_id: int, contest: ContestInfo, now: dt.datetime) -> Shown | None:
        return await self.db.run(contest_repo.next_question, entry_id=entry_id, contest=contest, now=now)

    async def answer(self, *, entry_id: int, item_id: str, choice: int, correct: bool, now: dt.datetime,
                     limit_s: int) -> float | None:
        return await self.db.run(contest_repo.answer, entry_id=entry_id, item_id=item_id, choice=choice,
                                 correct=correct, now=now, limit_s=limit_s)

    async def standing(self, *, contest_id: int, entry_id: int) -> Standing:
        return await self.db.run(contest_repo.standing, contest_id=contest_id, entry_id=entry_id)
