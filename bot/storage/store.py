"""The async facade the dialogue talks to (implements bot.core.ports.DialogueStore)."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.storage import conversations_repo as conv
from bot.storage import documents_repo, history_repo, logbook_repo, training_repo
from bot.storage import questions_repo as questions
from bot.storage.database import Database
from bot.storage.group_commit import GroupCommit


class Store:
    def __init__(self, db: Database, *, flood_limit: int = 20, flood_window_s: int = 60) -> None:
        self.db = db
        self.flood_limit = flood_limit
        self.flood_window_s = flood_window_s
        self._batched = GroupCommit(db)  # the calls every message makes
        # "Sent" marks on their own thread and transactions: the time between a reply leaving and its mark being
        # durable is the window in which a crash repeats that reply, so it must not wait behind a busy batch.
        self._marks = GroupCommit(db, ThreadPoolExecutor(max_workers=1, thread_name_prefix="hoagiai-sent"))

    async def begin_turn(self, user_key: str, channel: str, *, count: bool) -> tuple[bool, dict[str, Any]]:
        return await self._batched.run(conv.begin_turn, user_key=user_key, channel=channel, count=count,
                                 limit=self.flood_limit, window_s=self.flood_window_s)

    async def get_state(self, user_key: str) -> dict[str, Any]:
        return await self.db.run(conv.get_state, user_key=user_key)

    async def save_state(self, user_key: str, channel: str, state: dict[str, Any]) -> None:
        await self._batched.run(conv.save_state, user_key=user_key, channel=channel, state=state)

    async def over_flood_limit(self, user_key: str, channel: str) -> bool:
        return await self.db.run(conv.over_flood_limit, user_key=user_key, channel=channel,
                                 limit=self.flood_limit, window_s=self.flood_window_s)

    async def log_question(self, **fields: Any) -> int:
        return await self._batched.run(questions.log_question, **fields)

    async def mark_picked(self, question_id: int, entry_id: str) -> None:
        await self.db.run(questions.mark_picked, question_id=question_id, entry_id=entry_id)

    async def record_feedback(
        self, *, channel: str, user_key: str, entry_id: str, helpful: bool, question_id: int | None
    ) -> int:
        return await self.db.run(questions.record_feedback, channel=channel, user_key=user_key, entry_id=entry_id,
                                 helpful=helpful, question_id=question_id)

    async def update_feedback(self, feedback_id: int, *, reason: str | None = None, comment: str | None = None) -> None:
        await self.db.run(questions.update_feedback, feedback_id=feedback_id, reason=reason, comment=comment)

    async def erase_user(self, user_key: str) -> None:
        await self.db.run(conv.erase_user, user_key=user_key)
        await self.db.run(training_repo.erase_user, user_key=user_key)
        await self.db.run(logbook_repo.erase_user, user_key=user_key)

    async def claim_update(self, channel: str, update_id: str) -> bool:
        return await self._batched.run(conv.claim_update, channel=channel, update_id=update_id)

    async def finish_update(self, channel: str, update_id: str) -> None:
        await self._batched.run(conv.finish_update, channel=channel, update_id=update_id)

    async def release_update(self, channel: str, update_id: str) -> None:
        await self.db.run(conv.release_update, channel=channel, update_id=update_id)

    async def retake_update(self, channel: str, update_id: str, *, stale_after_s: float) -> str:
        return await self.db.run(conv.retake_update, channel=channel, update_id=update_id, stale_after_s=stale_after_s)

    async def record_sent(self, channel: str, update_id: str) -> None:
        await self._marks.run(conv.record_sent, channel=channel, update_id=update_id)

    async def push_outbox(self, session_id: str, payload: dict[str, Any]) -> int:
        return await self.db.run(conv.push_outbox, session_id=session_id, payload=payload)

    async def fetch_outbox(self, session_id: str, after: int) -> list[dict[str, Any]]:
        rows = await self.db.run(conv.fetch_outbox, session_id=session_id, after=after)
        return [{"id": r.id, **r.payload} for r in rows]

    async def add_turns(self, user_key: str, lines: list[dict[str, Any]]) -> None:
        """Web-chat transcript lines {sender, text, buttons, link?} (implements bot.channels.webchat.Transcript)."""
        rows = [history_repo.Line(str(x["sender"]), str(x["text"]), list(x["buttons"]), x.get("link")) for x in lines]
        await self.db.run(history_repo.add_turns, user_key=user_key, lines=rows)

    async def transcript(self, user_key: str, session_id: str) -> tuple[list[dict[str, Any]], int]:
        """The last turns, oldest first, as the page shows them, and the newest outbox id they already include."""
        def read(*, session: Any) -> tuple[list[dict[str, Any]], int]:
            rows = history_repo.recent(session=session, user_key=user_key)
            turns = [{"from": r.sender, "text": r.text, "buttons": r.buttons, "at": _iso(r.created_at),
                      **({"link": r.link} if r.link else {})} for r in rows]
            return turns, history_repo.last_outbox_id(session=session, session_id=session_id)

        return await self.db.run(read)

    async def pressed_label(self, user_key: str, action: str) -> str | None:
        return await self.db.run(history_repo.label_of, user_key=user_key, action=action)

    async def save_document(
        self, *, token: str, template: str, filename: str, content: bytes | None, expires_at: dt.datetime
    ) -> None:
        """A generated document (implements bot.core.paperwork.DocumentSink)."""
        await self.db.run(documents_repo.save_document, token=token, template=template, filename=filename,
                          content=content, expires_at=expires_at)


def _iso(moment: dt.datetime) -> str:
    """UTC, ISO 8601 with its offset (SQLite hands back naive datetimes; every stored time is UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).isoformat()
