"""The contract between the core and every channel: one message type in, replies out."""

from dataclasses import dataclass, field
from typing import Any, Literal

IncomingKind = Literal["text", "action", "unsupported"]


@dataclass(frozen=True)
class ChannelCaps:
    """What a channel can show, declared by its door and carried on every message it hands in.

    The core reads these, never a channel's name. A new capability (e.g. sending voice) is one more field here,
    with a default that keeps the doors that do not declare it as they are.
    """

    max_text: int = 2000  # the longest message the channel accepts; long texts are paged to fit
    buttons: bool = False  # shows buttons; without them choices are numbered and answered with a digit
    files: bool = False  # sends `Reply.document` as a file itself; otherwise the reply carries its `link`
    whole_titles: bool = False  # buttons wrap long labels, so list items show whole titles (else cut at 60)


TEXT_ONLY = ChannelCaps()


@dataclass(frozen=True)
class Incoming:
    """What a user did: typed text, pressed a button (action), or sent something we do not read."""

    channel: str  # the door's name: an opaque key for state and statistics, never branched on
    user_id: str  # raw id in the channel; the core only keeps a keyed hash of it
    kind: IncomingKind = "text"
    text: str = ""
    action: str = ""
    update_id: str | None = None
    is_group: bool = False
    mentioned: bool = False
    caps: ChannelCaps = TEXT_ONLY

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
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    document: Document | None = None
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
