"""Recorded answers, as editors handle them from the console pages and the JSON API.

A clip uploaded (or replaced) for a published entry is a pending change of that entry: it opens the entry's draft,
appears in its history, and is served once the entry is published (`publish_clips`, called by entries.publish), by
the same review rules. For an entry that is not published the clip goes with the entry's live version, as text edits
do. Deleting a clip takes it off at once (like archiving). Everything is audited.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from bot.core import texts
from bot.core.canonical import dump_entry
from bot.core.clips import MAX_BYTES, ClipMeta, meta_problem
from bot.core.errors import Conflict, Invalid, NotFound, TooLarge
from bot.core.knowledge import KnowledgeBase
from bot.core.languages import Language
from bot.domain import entries
from bot.domain.transcode import Transcoder
from bot.storage import audio_repo, drafts_repo, knowledge_repo, stats_repo
from bot.storage.audit_repo import write_audit
from bot.storage.database import Database
from bot.storage.models import AudioClip

UPLOAD_MAX_BYTES = 16_000_000  # before conversion: a 3-minute WAV in mono; compressed formats are far smaller
MAX_SECONDS = 180
TOP_ASKED = 20


@dataclass(frozen=True)
class ClipView:
    """A clip as the API and the console show it."""

    id: str
    entry_id: str
    lang: str
    language: str
    speaker: str
    transcript: str | None
    duration_s: float
    bytes: int
    status: str  # published | pending
    created_at: dt.datetime
    created_by: str

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "lang": self.lang, "language": self.language, "speaker": self.speaker,
                "transcript": self.transcript, "duration_s": self.duration_s, "bytes": self.bytes,
                "status": self.status, "created_at": self.created_at.isoformat(), "created_by": self.created_by}


def check_upload(lang: str, content: bytes, speaker: str, transcript: str | None,
                 languages: Mapping[str, Language]) -> ClipMeta:
    """Refuse a bad request before any conversion: unknown language, no file, too large, no speaker."""
    if lang not in languages:
        raise Invalid(texts.AUDIO_LANG_INVALID.format(codes=", ".join(languages)), "lang")
    if not content:
        raise Invalid(texts.AUDIO_FILE_MISSING, "file")
    if len(content) > UPLOAD_MAX_BYTES:
        raise TooLarge(texts.AUDIO_TOO_LARGE.format(mb=UPLOAD_MAX_BYTES // 1_000_000), "file")
    problem = meta_problem(speaker, transcript)
    if problem:
        raise Invalid(problem[1], problem[0])
    return ClipMeta(speaker.strip(), (transcript or "").strip() or None)


async def upload(db: Database, transcoder: Transcoder, *, entry_id: str, lang: str, content: bytes, speaker: str,
                 transcript: str | None, kb: KnowledgeBase, actor: str) -> ClipView:
    """Check, convert to Ogg/Opus (off the event loop, in ffmpeg), then store; nothing changes on any refusal."""
    meta = check_upload(lang, content, speaker, transcript, kb.languages)
    if await db.run(entries.get_copy, entry_id=entry_id) is None:
        raise NotFound(texts.ADMIN_ENTRY_UNKNOWN.format(id=entry_id), "id")
    normalized = await transcoder.to_opus(content, max_seconds=MAX_SECONDS)
    if len(normalized.content) > MAX_BYTES:  # cannot happen at 24 kbit/s within 3 minutes; kept as the rule
        raise Invalid(texts.AUDIO_TOO_BIG_AFTER.format(mb=MAX_BYTES // 1_000_000), "file")
    clip = await db.run(attach, entry_id=entry_id, lang=lang, content=normalized.content, meta=meta, actor=actor)
    return _view(clip, kb.languages, live_status=await db.run(_live_status, entry_id=entry_id))


def attach(*, session: Session, entry_id: str, lang: str, content: bytes, meta: ClipMeta, actor: str) -> AudioClip:
    """Store a converted clip: pending for a published entry (opening its draft), else with its live version."""
    copy = entries.get_copy(session=session, entry_id=entry_id)
    if copy is None:
        raise NotFound(texts.ADMIN_ENTRY_UNKNOWN.format(id=entry_id), "id")
    if copy.live_status == "archived":
        raise Conflict(texts.AUDIO_ENTRY_ARCHIVED, "id")
    published = copy.live_status == "published"
    if published:  # the entry's pending change: a draft of its live text when there is none yet
        live = drafts_repo.live_entry(session=session, entry_id=entry_id)
        assert live is not None
        draft = dump_entry(copy.kind, {**entries.parse_body(live.body), "status": "draft"})
        drafts_repo.touch_draft(session=session, entry_id=entry_id, kind=copy.kind, body=draft, author=actor)
    clip = audio_repo.put_clip(session=session, entry_id=entry_id, lang=lang,
                               state=audio_repo.PENDING if published else audio_repo.LIVE,
                               content=content, meta=meta, author=actor)
    write_audit(session=session, actor=actor, action="entry.audio_upload", target=entry_id,
                after=audio_repo.describe(clip))
    session.flush()
    return clip


def delete(*, session: Session, entry_id: str, lang: str, actor: str) -> bool:
    """Remove an entry's clips in one language at once; True when what the bot serves changed."""
    if entries.get_copy(session=session, entry_id=entry_id) is None:
        raise NotFound(texts.ADMIN_ENTRY_UNKNOWN.format(id=entry_id), "id")
    removed = audio_repo.delete_clips(session=session, entry_id=entry_id, lang=lang, author=actor)
    if not removed:
        raise NotFound(texts.AUDIO_NOT_FOUND.format(lang=lang), "lang")
    for clip in removed:
        write_audit(session=session, actor=actor, action="entry.audio_delete", target=entry_id,
                    before=audio_repo.describe(clip))
    served = any(c.state == audio_repo.LIVE for c in removed) and _live_status(session=session, entry_id=entry_id) == "published"
    if served:
        knowledge_repo.bump_version(session=session)
    return served


def list_clips(*, session: Session, entry_id: str, languages: Mapping[str, Language]) -> list[ClipView]:
    if entries.get_copy(session=session, entry_id=entry_id) is None:
        raise NotFound(texts.ADMIN_ENTRY_UNKNOWN.format(id=entry_id), "id")
    status = _live_status(session=session, entry_id=entry_id)
    return [_view(c, languages, status) for c in audio_repo.clips_of(session=session, entry_id=entry_id)]


def _live_status(*, session: Session, entry_id: str) -> str:
    live = drafts_repo.live_entry(session=session, entry_id=entry_id)
    return live.status if live else ""


def _view(clip: AudioClip, languages: Mapping[str, Language], live_status: str) -> ClipView:
    served = clip.state == audio_repo.LIVE and live_status == "published"
    language = languages[clip.lang].name if clip.lang in languages else clip.lang
    return ClipView(clip.id, clip.entry_id, clip.lang, language, clip.speaker, clip.transcript, clip.duration_s,
                    clip.size, "published" if served else "pending", clip.created_at, clip.created_by)


# --- reach: where recordings are, and where they are missing ------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    rows: list[tuple[str, str, set[str]]]  # published entries: (id, title, languages with a served clip)
    totals: dict[str, int]  # language -> published entries with a clip in it
    missing_vi: list[tuple[str, str, int]]  # of the most asked entries, those without a Vietnamese clip: (id, title, n)


def reach(*, session: Session, kb: KnowledgeBase, main_language: str = "vi") -> Reach:
    """Which published entries have clips in each language, and which of the 20 most asked lack a Vietnamese one."""
    published = sorted(kb.published(), key=lambda e: e.title)
    rows = [(e.id, e.title, {c.lang for c in kb.clips_of(e.id)}) for e in published]
    totals = {code: sum(1 for _, _, langs in rows if code in langs) for code in kb.languages}
    since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    asked = [(eid, n) for eid, n in stats_repo.answered_entries(session=session, since=since)
             if eid in kb.entries and kb.entries[eid].status == "published"][:TOP_ASKED]
    missing = [(eid, kb.entries[eid].title, n) for eid, n in asked
               if main_language not in {c.lang for c in kb.clips_of(eid)}]
    return Reach(rows, totals, missing)
