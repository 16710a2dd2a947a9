"""All tables, in one module. Times are stored in UTC (timezone-aware)."""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Integer, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage import logbook_models as _logbook
from bot.storage import training_models as _training
from bot.storage import voice_models as _voice


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _ts(**kw: Any) -> Any:
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False, **kw))


# --- knowledge -------------------------------------------------------------------------------------------------------


class KnowledgeEntry(SQLModel, table=True):
    """The live copy of one entry; `body` is its canonical YAML (what export writes back)."""

    __tablename__ = "knowledge_entry"
    id: str = Field(primary_key=True, max_length=80)
    kind: str = Field(max_length=16, index=True)
    status: str = Field(max_length=16, index=True)
    title: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: dt.datetime = _ts()
    updated_by: str = Field(default="system", max_length=80)


class KnowledgeFile(SQLModel, table=True):
    """Registry files kept verbatim: topics.yaml, documents.yaml, lexicon.yaml, scope tree, templates."""

    __tablename__ = "knowledge_file"
    name: str = Field(primary_key=True, max_length=120)
    body: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: dt.datetime = _ts()
    updated_by: str = Field(default="system", max_length=80)


class Revision(SQLModel, table=True):
    """Every change to an entry or registry file keeps the previous content: nothing an editor does is lost."""

    __tablename__ = "revision"
    id: int | None = Field(default=None, primary_key=True)
    target: str = Field(max_length=120, index=True)  # entry id, or "file:<name>"
    kind: str = Field(max_length=16)
    action: str = Field(max_length=32)  # create | update | publish | archive | revert | import
    previous: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    current: str = Field(sa_column=Column(Text, nullable=False))
    author: str = Field(max_length=80)
    created_at: dt.datetime = _ts()


class KnowledgeVersion(SQLModel, table=True):
    """One row: bumped on every publish so that every replica rebuilds its index."""

    __tablename__ = "knowledge_version"
    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0)
    updated_at: dt.datetime = _ts()


# --- questions and feedback ------------------------------------------------------------------------------------------


class QuestionLog(SQLModel, table=True):
    __tablename__ = "question_log"
    __table_args__ = (Index("ix_question_log_created", "created_at"), Index("ix_question_log_user", "user_key"))
    id: int | None = Field(default=None, primary_key=True)
    created_at: dt.datetime = _ts()
    channel: str = Field(max_length=16)
    user_key: str | None = Field(default=None, max_length=64)
    text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    normalized: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    outcome: str = Field(max_length=8)
    top_id: str | None = Field(default=None, max_length=80)
    top_score: float | None = None
    latency_ms: float = 0.0
    picked_id: str | None = Field(default=None, max_length=80)
    handled: bool = Field(default=False)  # an editor closed it in the unanswered inbox


class Feedback(SQLModel, table=True):
    __tablename__ = "feedback"
    id: int | None = Field(default=None, primary_key=True)
    created_at: dt.datetime = _ts()
    channel: str = Field(max_length=16)
    user_key: str | None = Field(default=None, max_length=64)
    entry_id: str = Field(max_length=80, index=True)
    question_id: int | None = Field(default=None, index=True)
    helpful: bool
    reason: str | None = Field(default=None, max_length=64)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    handled: bool = Field(default=False)


class DailyCount(SQLModel, table=True):
    """Per-day question counts by channel and outcome, as returned by questions_repo.daily_counts (derived from the
    log, whose rows outlive their texts). The table itself is reserved for archiving counts of deleted log rows."""

    __tablename__ = "daily_count"
    day: dt.date = Field(primary_key=True)
    channel: str = Field(primary_key=True, max_length=16)
    outcome: str = Field(primary_key=True, max_length=8)
    count: int = 0


class InboxDecision(SQLModel, table=True):
    """An editor's decision on a cluster of unanswered questions (new entry, alternate phrasing, or ignored)."""

    __tablename__ = "inbox_decision"
    id: int | None = Field(default=None, primary_key=True)
    normalized: str = Field(sa_column=Column(Text, nullable=False))
    action: str = Field(max_length=16)
    entry_id: str | None = Field(default=None, max_length=80)
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    author: str = Field(max_length=80)
    created_at: dt.datetime = _ts()


# --- conversations and channels --------------------------------------------------------------------------------------


class Conversation(SQLModel, table=True):
    """Dialogue state per (pseudonymous) user: survives restarts and is shared by replicas."""

    __tablename__ = "conversation"
    user_key: str = Field(primary_key=True, max_length=64)
    channel: str = Field(max_length=16)
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: dt.datetime = _ts()
    window_start: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    window_count: int = 0


class ProcessedUpdate(SQLModel, table=True):
    """Idempotency: an update id (Telegram update_id, Zalo message_id, OA event) is handled once."""

    __tablename__ = "processed_update"
    channel: str = Field(primary_key=True, max_length=16)
    update_id: str = Field(primary_key=True, max_length=128)
    created_at: dt.datetime = _ts()
    # Set once the update was answered; a claim left without it past a lease means the process died mid-way.
    done_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    # Messages of the answer already sent: a take-over after a crash finishes the claim instead of answering again.
    sent: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))


class OutboxMessage(SQLModel, table=True):
    """Messages that arrive later for a web-chat session (e.g. a staff reply), fetched by polling."""

    __tablename__ = "outbox_message"
    id: int | None = Field(default=None, primary_key=True)
    session: str = Field(max_length=64, index=True)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = _ts()


class ChatTurn(SQLModel, table=True):
    """One line of a web-chat transcript (the person, the assistant or a staff member), so that a reload restores the
    conversation. Texts are masked; kept no longer than HOAGIAI_LOG_RETENTION_DAYS; erased by /xoa."""

    __tablename__ = "chat_turn"
    __table_args__ = (Index("ix_chat_turn_user", "user_key", "id"), Index("ix_chat_turn_created", "created_at"))
    id: int | None = Field(default=None, primary_key=True)
    user_key: str = Field(max_length=64)
    sender: str = Field(max_length=8)  # me | bot | staff
    text: str = Field(sa_column=Column(Text, nullable=False))
    buttons: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    link: dict[str, str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: dt.datetime = _ts()


class ChannelToken(SQLModel, table=True):
    """Rotating credentials (Zalo OA access/refresh tokens) shared by every replica."""

    __tablename__ = "channel_token"
    name: str = Field(primary_key=True, max_length=32)
    access_token: str = Field(sa_column=Column(Text, nullable=False))
    refresh_token: str = Field(sa_column=Column(Text, nullable=False))
    expires_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: dt.datetime = _ts()


class GeneratedDocument(SQLModel, table=True):
    """A generated .docx served once by a one-time link; the file content is deleted after download or expiry."""

    __tablename__ = "generated_document"
    token: str = Field(primary_key=True, max_length=64)
    template: str = Field(max_length=64)
    filename: str = Field(max_length=200)
    content: bytes | None = None
    created_at: dt.datetime = _ts()
    expires_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    downloaded_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


# --- console accounts ------------------------------------------------------------------------------------------------


class User(SQLModel, table=True):
    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    password_hash: str = Field(max_length=256)
    role: str = Field(max_length=16)  # admin | editor | staff | leader
    active: bool = True
    must_change_password: bool = False
    telegram_id: str | None = Field(default=None, max_length=64, index=True)
    zalo_id: str | None = Field(default=None, max_length=128, index=True)
    link_code: str | None = Field(default=None, max_length=32)
    link_code_expires: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    team_commune: str | None = Field(default=None, max_length=64)  # a leader's team: commune id and village
    team_village: str | None = Field(default=None, max_length=120)
    communes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # staff scope: "id,id" or all
    created_at: dt.datetime = _ts()


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(index=True)
    token_hash: str = Field(max_length=128, unique=True, index=True)
    created_at: dt.datetime = _ts()
    revoked: bool = False


class LoginAttempt(SQLModel, table=True):
    __tablename__ = "login_attempt"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, index=True)
    success: bool
    created_at: dt.datetime = _ts()
    ip: str | None = Field(default=None, max_length=64, index=True)  # throttling counts per username and address


class AdminSession(SQLModel, table=True):
    """A console login. The cookie holds a random token and only its hash is stored here, so a leaked database
    opens no session; deleting the rows (logout, user disabled) ends the session on every replica at once."""

    __tablename__ = "admin_session"
    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(index=True)
    csrf_token: str = Field(max_length=64)
    created_at: dt.datetime = _ts()
    expires_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class EntryDraft(SQLModel, table=True):
    """An unpublished change to a published entry: the live version keeps being served until this one is published."""

    __tablename__ = "entry_draft"
    entry_id: str = Field(primary_key=True, max_length=80)
    kind: str = Field(max_length=16)
    status: str = Field(max_length=16)  # draft | review
    body: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: dt.datetime = _ts()
    updated_by: str = Field(max_length=80)


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    created_at: dt.datetime = _ts()
    actor: str = Field(max_length=80)
    action: str = Field(max_length=64)
    target: str | None = Field(default=None, max_length=200)
    before: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    after: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


# --- escalated cases -------------------------------------------------------------------------------------------------


class Case(SQLModel, table=True):
    __tablename__ = "mediation_case"
    __table_args__ = (UniqueConstraint("number"),)
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32)
    status: str = Field(default="new", max_length=16, index=True)  # new | assigned | answered | closed
    channel: str = Field(max_length=16)
    user_key: str = Field(max_length=64, index=True)
    raw_user_id: str | None = Field(default=None, max_length=128)  # needed to reply; only here, erased by retention
    topic: str | None = Field(default=None, max_length=64)
    commune: str | None = Field(default=None, max_length=120)
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    attached_question: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    attached_answer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    urgent: bool = False
    assignee: str | None = Field(default=None, max_length=64)
    outcome: str | None = Field(default=None, max_length=64)
    rating: int | None = None
    staff_message_ref: str | None = Field(default=None, max_length=128)
    overdue_announced: bool = False
    anonymized: bool = False
    created_at: dt.datetime = _ts()
    updated_at: dt.datetime = _ts()
    answered_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    closed_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class CaseMessage(SQLModel, table=True):
    __tablename__ = "case_message"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(index=True)
    author: str = Field(max_length=80)  # "mediator" or a console username
    kind: str = Field(max_length=16)  # mediator | reply | note | system
    text: str = Field(sa_column=Column(Text, nullable=False))
    delivery: str | None = Field(default=None, max_length=16)  # sent | failed | pending
    delivery_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: dt.datetime = _ts()


class CaseCounter(SQLModel, table=True):
    __tablename__ = "case_counter"
    year: int = Field(primary_key=True)
    value: int = 0


class AppSecret(SQLModel, table=True):
    """Secrets generated once and shared by every replica (e.g. the salt of pseudonymous user keys)."""

    __tablename__ = "app_secret"
    name: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))
    created_at: dt.datetime = _ts()




# --- training (issue 17): kept in training_models.py so this module stays under the size limit; re-exported here so
# every table is importable from one place -------------------------------------------------------------------------

UserPlace = _training.UserPlace
QuizAttempt = _training.QuizAttempt
QuizRound = _training.QuizRound
QuizReview = _training.QuizReview
DailySubscription = _training.DailySubscription
DailySend = _training.DailySend
Contest = _training.Contest
ContestEntry = _training.ContestEntry
ContestAnswer = _training.ContestAnswer
LogbookRecord = _logbook.LogbookRecord  # the mediation logbook (issue 18)
LogbookReminder = _logbook.LogbookReminder
# --- recorded answers and voice messages -----------------------------------------------------------------------------


class AudioClip(SQLModel, table=True):
    """A recorded answer: at most one per entry, language and state. A `live` clip goes with the entry's live version
    (served when the entry is published); a `pending` one waits for the entry's next publication. The Ogg/Opus bytes
    never change: a replacement is a new row with a new id (so /nghe/<id> and Telegram's file ids stay valid)."""

    __tablename__ = "audio_clip"
    __table_args__ = (UniqueConstraint("entry_id", "lang", "state"),)
    id: str = Field(primary_key=True, max_length=24)
    entry_id: str = Field(max_length=80, index=True)
    lang: str = Field(max_length=8)
    state: str = Field(max_length=8)  # live | pending
    speaker: str = Field(max_length=120)
    transcript: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reviewed: dt.date | None = None  # the day it was published with its entry (or as imported)
    duration_s: float
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: dt.datetime = _ts()
    created_by: str = Field(max_length=80)


class TelegramFile(SQLModel, table=True):
    """The file id Telegram returned for a clip we uploaded, per bot: an id is only valid for the bot that got it, so
    after a restore under another token the clip is uploaded again."""

    __tablename__ = "telegram_file"
    bot: str = Field(primary_key=True, max_length=64)  # a hash of the bot token, never the token
    sha256: str = Field(primary_key=True, max_length=64)
    file_id: str = Field(sa_column=Column(Text, nullable=False))
    created_at: dt.datetime = _ts()


VoiceMessage = _voice.VoiceMessage
