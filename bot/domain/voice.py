"""Voice messages from mediators (implements bot.core.ports.VoiceDesk): held until the mediator confirms, then an
escalated case with the recording attached, announced in the staff chats with the recording.

Recordings are converted to Ogg/Opus like recorded answers when ffmpeg is there (small, and every browser and
Telegram plays them); without ffmpeg the original is kept as it came.
"""

import datetime as dt
from collections.abc import Callable

from sqlmodel import Session

from bot.core import ogg, texts
from bot.core.errors import Invalid, TooLarge
from bot.core.listen import duration_text
from bot.core.messages import Audio
from bot.domain.desk import Desk, VoiceNote
from bot.domain.transcode import TooLong, Transcoder, Unreadable
from bot.storage import cases_repo, voice_repo
from bot.storage.database import Database
from bot.storage.models import Case, utcnow

MAX_SECONDS = 300  # a voice message: five minutes
MAX_BYTES = 10_000_000  # as downloaded from the platform, before conversion


class VoiceInbox:
    def __init__(self, db: Database, desk: Desk, transcoder: Transcoder,
                 clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.db = db
        self.desk = desk
        self.transcoder = transcoder
        self.clock = clock

    async def hold(self, *, channel: str, user_key: str, raw_user_id: str, audio: Audio) -> tuple[int, float]:
        content, mime, seconds = await self._prepare(audio)
        held_id = await self.db.run(voice_repo.hold, user_key=user_key, channel=channel, raw_user_id=raw_user_id,
                                    mime=mime, duration_s=seconds, content=content, now=self.clock())
        return held_id, seconds

    async def _prepare(self, audio: Audio) -> tuple[bytes, str, float]:
        too_long = TooLarge(texts.VOICE_TOO_LONG.format(minutes=MAX_SECONDS // 60))
        if len(audio.content) > MAX_BYTES:
            raise too_long
        if not self.transcoder.available:
            seconds = audio.duration_s if audio.duration_s is not None else _ogg_seconds(audio.content)
            if seconds > MAX_SECONDS:
                raise too_long
            return audio.content, audio.mime or "application/octet-stream", seconds
        try:
            normalized = await self.transcoder.to_opus(audio.content, max_seconds=MAX_SECONDS)
        except TooLong:
            raise too_long from None
        except Unreadable:
            raise Invalid(texts.VOICE_UNREADABLE) from None
        return normalized.content, "audio/ogg", normalized.duration_s

    async def send(self, held_id: int, user_key: str, commune: str | None = None) -> str | None:
        case = await self.db.run(_open_case, held_id=held_id, user_key=user_key, commune=commune, now=self.clock())
        if case is None or case.id is None:
            return None
        await self.desk.announce(case)
        voice = await self.db.run(voice_repo.get, voice_id=held_id)
        if voice is not None:
            await self.desk.post_voice(case, VoiceNote(voice.content, voice.mime, voice.duration_s,
                                                       self.desk.case_url(case.id)))
        return case.number

    async def drop(self, held_id: int, user_key: str) -> bool:
        return await self.db.run(voice_repo.drop, held_id=held_id, user_key=user_key, now=self.clock())


def _open_case(*, session: Session, held_id: int, user_key: str, commune: str | None, now: dt.datetime) -> Case | None:
    """The case and the recording's attachment in one transaction: pressing twice opens one case."""
    voice = voice_repo.held(session=session, held_id=held_id, user_key=user_key, now=now)
    if voice is None:
        return None
    description = texts.VOICE_CASE_DESCRIPTION.format(duration=duration_text(voice.duration_s))
    case = cases_repo.create_case(session=session, channel=voice.channel, user_key=user_key,
                                  raw_user_id=voice.raw_user_id or "", topic=None, commune=commune,
                                  description=description, attached_question=None, attached_answer=None,
                                  urgent=False, now=now)
    assert case.id is not None
    voice_repo.attach(session=session, held_id=held_id, case_id=case.id)
    return case


def _ogg_seconds(content: bytes) -> float:
    try:
        return ogg.inspect(content).duration_s
    except ogg.NotOggOpus:
        return 0.0  # an unknown format without a stated duration: kept as it is, staff hear it in the console
