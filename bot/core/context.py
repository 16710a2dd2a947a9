"""What a conversation turn hands to the code that answers it: the context, and the protocols of the guided
features (flows), the voice input and the forms that survive the emergency block."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from bot.core.actions import Action
from bot.core.knowledge import KnowledgeBase
from bot.core.messages import Audio, Button, Incoming, Turn
from bot.core.ports import DialogueStore
from bot.core.service import KnowledgeService
from bot.core.state import ConversationState


@dataclass
class Context:
    """One turn's view of the user: the incoming message, the state (mutated in place) and the snapshot."""

    msg: Incoming
    user_key: str
    state: ConversationState
    service: KnowledgeService
    store: DialogueStore
    extra_buttons: list[Button] = field(default_factory=list)  # e.g. "🆘 Hỏi cán bộ", added by flows

    @property
    def kb(self) -> KnowledgeBase:
        return self.service.snapshot.knowledge


class Flow(Protocol):
    """A guided feature: handles its commands, the actions it owns in the table, and text while its form is open."""

    name: str
    commands: Sequence[str]
    menu_buttons: Sequence[Button]
    answer_buttons: Sequence[Button]

    async def command(self, ctx: Context, command: str) -> Turn: ...

    async def action(self, ctx: Context, action: Action) -> Turn:
        """An action of this flow (its `owner` is the flow's name), already parsed and typed."""
        ...

    async def text(self, ctx: Context, text: str) -> Turn | None: ...


class VoiceInput(Protocol):
    """What answers a voice message (bot.core.voice_in), and a message the channel could not hand in."""

    async def voice(self, ctx: Context, audio: Audio | None) -> Turn:
        """A voice message; `audio` is None when the door could not fetch it."""
        ...

    def unsupported(self, ctx: Context) -> Turn:
        """A message we cannot read, on a channel that hands in no voice (a voice message may be what it was)."""
        ...


@runtime_checkable
class SafeForm(Protocol):
    """A flow whose open form survives the emergency block: what it says after the block (its step again)."""

    async def after_danger(self, ctx: Context, text: str) -> Turn: ...
