"""The contract between the core and every channel: one message type in, replies out."""

from dataclasses import dataclass, field
from typing import Any, Literal

IncomingKind = Literal["text", "action", "unsupported"]

# Longest message each channel accepts; long texts are paged to fit.
CHANNEL_LIMITS: dict[str, int] = {"telegram": 4096, "zalo": 2000, "zalo_oa": 2000, "web": 4000, "cli": 4000}
# Channels that show buttons; the others get numbered choices that the user answers with a digit.
CHANNEL_BUTTONS: dict[str, bool] = {"telegram": True, "web": True, "zalo": False, "zalo_oa": False, "cli": False}
# Channels whose door sends `Reply.document` as a file itself (Telegram: sendDocument); the others get its `link`,
# a one-time download served by our server (GET /tai-ve/{token}).
CHANNEL_FILES: dict[str, bool] = {"telegram": True}


@dataclass(frozen=True)
class Incoming:
    """What a user did: typed text, pressed a button (action), or sent something we do not read."""

    channel: str
    user_id: str  # raw id in the channel; the core only keeps a keyed hash of it
    kind: IncomingKind = "text"
    text: str = ""
    action: str = ""
    update_id: str | None = None
    is_group: bool = False
    mentioned: bool = False

    @property
    def limit(self) -> int:
        return CHANNEL_LIMITS.get(self.channel, 2000)

    @property
    def has_buttons(self) -> bool:
        return CHANNEL_BUTTONS.get(self.channel, False)

    @property
    def sends_files(self) -> bool:
        return CHANNEL_FILES.get(self.channel, False)


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
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    document: Document | None = None


@dataclass
class Turn:
    """The result of one incoming message: replies, and for searches the outcome and public results."""

    replies: list[Reply] = field(default_factory=list)
    outcome: str | None = None
    results: list[dict[str, Any]] = field(default_factory=list)
