"""The contract between the core and every channel: one message type in, replies out."""

from dataclasses import dataclass, field
from typing import Any, Literal

IncomingKind = Literal["text", "action", "voice", "unsupported"]


@dataclass(frozen=True)
class ChannelCaps:
    """What a channel can show, declared by its door and carried on every message it hands in.

    The core reads these, never a channel's name. A new capability (e.g. sending voice) is one more field here,
    with a default that keeps the doors that do not declare it as they are.
    """

    max_text: int = 2000  # the longest message the channel accepts; long texts are paged to fit
    buttons: bool = False  # shows buttons; without them choices are numbered and answered with a digit
    files: bool = False  # sends `Reply.document` as a file itself; otherwise the reply carries its `link`
    # Proactive messages (the daily question): how many per second the platform takes from this door, and, when the
    # platform only lets a door write within some hours of the user's last message, those hours (None: any time).
    push_rate: float = 5.0
    push_window_h: int | None = None
    voice: bool = False  # sends `Reply.voice` as a playable voice message itself; otherwise a link to its player page
    player: bool = False  # shows `Reply.voice` in an audio player of its own (the web chat)
    voice_input: bool = False  # hands users' voice messages in (kind "voice"); otherwise they arrive "unsupported"
    whole_titles: bool = False  # buttons wrap long labels, so list items show whole titles (else cut at 60)


TEXT_ONLY = ChannelCaps()


@dataclass(frozen=True)
class Audio:
    """A voice message a user sent, as the door received it."""

    content: bytes
    mime: str  # as the platform says, e.g. "audio/ogg"
    duration_s: float | None = None  # when the platform tells


@dataclass(frozen=True)
class Incoming:
    """What a user did: typed text, pressed a button (action), spoke (voice), or sent something we do not read."""

    channel: str  # the door's name: an opaque key for state and statistics, never branched on
    user_id: str  # raw id in the channel; the core only keeps a keyed hash of it
    kind: IncomingKind = "text"
    text: str = ""
    action: str = ""
    update_id: str | None = None
    is_group: bool = False
    mentioned: bool = False
    caps: ChannelCaps = TEXT_ONLY
    audio: Audio | None = None  # with kind "voice"

    @property
    def limit(self) -> int:
        return self.caps.max_text

    @property
    def has_buttons(self) -> bool:
        return self.caps.buttons

    @property
    def sends_files(self) -> bool:
        return self.caps.files


@dataclass(frozen=True)
class Button:
    label: str
    action: str


@dataclass(frozen=True)
class Document:
    """A generated file (e.g. a .docx) to deliver; channels without file sending get `link` instead."""

    filename: str
    content: bytes
    mime: str
    link: str | None = None


@dataclass(frozen=True)
class VoiceClip:
    """A recorded answer to deliver: doors that send voice fetch it by `clip_id` (the same bytes every time,
    `sha256`); the others show `page`, a small player page on our server, or play `file` in their own player."""

    clip_id: str
    sha256: str
    lang: str
    duration_s: float
    page: str  # /nghe/<clip-id> (absolute with HOAGIAI_PUBLIC_URL)
    file: str  # /nghe/<clip-id>.ogg


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    document: Document | None = None
    voice: VoiceClip | None = None
    private: bool = False  # echoes what the user typed into a form (names, addresses): kept out of transcripts
    author: Literal["bot", "staff"] = "bot"  # "staff": a justice officer's answer relayed to the chat


@dataclass
class Turn:
    """The result of one incoming message: replies, and for searches the outcome and public results."""

    replies: list[Reply] = field(default_factory=list)
    outcome: str | None = None
    results: list[dict[str, Any]] = field(default_factory=list)
    private: bool = False  # the text typed this turn was a form answer (names, addresses): transcripts omit it
    erased: bool = False  # the user's data was erased this turn (/xoa): doors keep no transcript of it
