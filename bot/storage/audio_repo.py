"""Recorded answers in the database: clips per entry, language and state (live or pending), their history lines,
the published clips the snapshot and the player page read, export/import as knowledge/audio/, and the file ids
Telegram gave each bot for them."""

import datetime as dt
import secrets
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import defer, undefer
from sqlmodel import Session, col, select

from bot.core.clips import ClipFile, ClipInfo, ClipMeta, digest, dump_meta
from bot.core.ogg import inspect
from bot.storage.models import AudioClip, KnowledgeEntry, Revision, TelegramFile, utcnow
from bot.storage.sql import attribute

LIVE, PENDING = "live", "pending"


def new_id() -> str:
    return secrets.token_urlsafe(9)  # 12 URL-safe characters: /nghe/<id>


def describe(clip: AudioClip | None) -> str | None:
    """A clip as one revision text (the history's line diff shows what changed); never its bytes."""
    if clip is None:
        return None
    lines = [f"audio: {clip.lang}", f"state: {clip.state}", f"speaker: {clip.speaker}",
             f"duration_s: {clip.duration_s}", f"bytes: {clip.size}", f"sha256: {clip.sha256}"]
    if clip.transcript:
        lines.append("transcript: " + " ".join(clip.transcript.split()))
    return "\n".join(lines) + "\n"


def clips_of(*, session: Session, entry_id: str) -> list[AudioClip]:
    """An entry's clips (live and pending), without their bytes."""
    stmt = select(AudioClip).options(defer(attribute(AudioClip.content))).where(col(AudioClip.entry_id) == entry_id)
    return list(session.exec(stmt.order_by(col(AudioClip.lang), col(AudioClip.state))).all())


def all_clips(*, session: Session) -> list[AudioClip]:
    stmt = select(AudioClip).options(defer(attribute(AudioClip.content)))
    return list(session.exec(stmt.order_by(col(AudioClip.entry_id), col(AudioClip.lang))).all())


def live_infos(*, session: Session) -> list[ClipInfo]:
    """The live clips, as the knowledge snapshot carries them (the snapshot serves those of published entries)."""
    return [ClipInfo(c.id, c.entry_id, c.lang, c.speaker, c.transcript, c.duration_s, c.size, c.sha256)
            for c in all_clips(session=session) if c.state == LIVE]


def get_clip(*, session: Session, clip_id: str) -> AudioClip | None:
    """One clip with its bytes (also when this session loaded it without them)."""
    stmt = select(AudioClip).options(undefer(attribute(AudioClip.content))).where(col(AudioClip.id) == clip_id)
    return session.exec(stmt).first()


def published_clip(*, session: Session, clip_id: str) -> AudioClip | None:
    """A clip anyone may hear: live, of a published entry."""
    stmt = (select(AudioClip).join(KnowledgeEntry, col(KnowledgeEntry.id) == col(AudioClip.entry_id))
            .where(col(AudioClip.id) == clip_id, col(AudioClip.state) == LIVE,
                   col(KnowledgeEntry.status) == "published"))
    return session.exec(stmt).first()


def put_clip(
    *, session: Session, entry_id: str, lang: str, state: str, content: bytes, meta: ClipMeta, author: str,
    action: str = "audio_upload",
) -> AudioClip:
    """Store a clip in place of the one of the same entry, language and state, keeping a history line."""
    old = _one(session, entry_id, lang, state)
    if old is not None:
        session.delete(old)
        session.flush()
    clip = AudioClip(id=new_id(), entry_id=entry_id, lang=lang, state=state, speaker=meta.speaker,
                     transcript=meta.transcript, reviewed=meta.reviewed, duration_s=inspect(content).duration_s,
                     size=len(content), sha256=digest(content), content=content, created_by=author)
    session.add(clip)
    session.add(Revision(target=entry_id, kind="audio", action=action, previous=describe(old),
                         current=describe(clip) or "", author=author))
    return clip


def _one(session: Session, entry_id: str, lang: str, state: str) -> AudioClip | None:
    stmt = select(AudioClip).where(col(AudioClip.entry_id) == entry_id, col(AudioClip.lang) == lang,
                                   col(AudioClip.state) == state)
    return session.exec(stmt).first()


def delete_clips(*, session: Session, entry_id: str, lang: str, author: str) -> list[AudioClip]:
    """Remove the entry's clips in one language (live and pending), each leaving a history line."""
    removed = [c for c in clips_of(session=session, entry_id=entry_id) if c.lang == lang]
    for clip in removed:
        session.add(Revision(target=entry_id, kind="audio", action="audio_delete", previous=describe(clip),
                             current="", author=author))
    session.execute(delete(AudioClip).where(col(AudioClip.entry_id) == entry_id, col(AudioClip.lang) == lang))
    return removed


def promote_pending(*, session: Session, entry_id: str, today: dt.date, author: str) -> list[AudioClip]:
    """Publishing the entry: each pending clip replaces the live one of its language, dated as reviewed today (as
    are live clips not yet reviewed, recorded while the entry was unpublished)."""
    promoted = []
    for clip in [c for c in clips_of(session=session, entry_id=entry_id) if c.state == PENDING]:
        live = _one(session, entry_id, clip.lang, LIVE)
        if live is not None:
            session.delete(live)
            session.flush()
        row = session.get(AudioClip, clip.id)
        assert row is not None
        row.state, row.reviewed = LIVE, today
        session.add(row)
        session.add(Revision(target=entry_id, kind="audio", action="audio_publish", previous=describe(live),
                             current=describe(row) or "", author=author))
        promoted.append(row)
    for clip in clips_of(session=session, entry_id=entry_id):
        if clip.state == LIVE and clip.reviewed is None:  # recorded while the entry was a draft: approved now
            clip.reviewed = today
            session.add(clip)
    session.flush()
    return promoted


# --- knowledge/audio/: export and import --------------------------------------------------------------------------


def export_audio(*, session: Session, root: Path) -> int:
    """Write every live clip as <entry-id>.<lang>.ogg (its bytes as stored) and .yaml; returns the files written."""
    stmt = select(AudioClip).where(col(AudioClip.state) == LIVE).order_by(col(AudioClip.entry_id), col(AudioClip.lang))
    written = 0
    for clip in session.exec(stmt).all():
        folder = root / "audio"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{clip.entry_id}.{clip.lang}.ogg").write_bytes(clip.content)
        meta = ClipMeta(clip.speaker, clip.transcript, clip.reviewed)
        (folder / f"{clip.entry_id}.{clip.lang}.yaml").write_text(dump_meta(meta), encoding="utf-8")
        written += 2
    return written


def import_audio(*, session: Session, clips: Iterable[ClipFile], author: str) -> tuple[int, int, int]:
    """Upsert clips from a knowledge directory as live clips; (created, updated, unchanged)."""
    created = updated = unchanged = 0
    for f in clips:
        live = _one(session, f.entry_id, f.lang, LIVE)
        if live is not None and live.sha256 == digest(f.content) and \
                ClipMeta(live.speaker, live.transcript, live.reviewed) == f.meta:
            unchanged += 1
            continue
        put_clip(session=session, entry_id=f.entry_id, lang=f.lang, state=LIVE, content=f.content, meta=f.meta,
                 author=author, action="import")
        created, updated = (created + 1, updated) if live is None else (created, updated + 1)
    return created, updated, unchanged


# --- Telegram file ids --------------------------------------------------------------------------------------------


def telegram_file_id(*, session: Session, bot: str, sha256: str) -> str | None:
    row = session.get(TelegramFile, (bot, sha256))
    return row.file_id if row else None


def remember_telegram_file(*, session: Session, bot: str, sha256: str, file_id: str) -> None:
    """Keep the id Telegram returned (replicas racing on the same clip both write the same kind of value)."""
    session.merge(TelegramFile(bot=bot, sha256=sha256, file_id=file_id, created_at=utcnow()))
