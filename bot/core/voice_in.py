"""A mediator who speaks instead of typing: the assistant says honestly that it cannot understand speech yet and,
only when the mediator confirms with a button, sends the recording to the staff desk as an escalated case.

On a channel that cannot hand voice messages in (it reports them as "unsupported"), the reply explains typing or
the web chat, where a hold-to-record button sends voice.
"""

from collections.abc import Sequence

from bot.core import texts
from bot.core.actions import Action, act
from bot.core.context import Context
from bot.core.errors import DomainError
from bot.core.listen import duration_text
from bot.core.messages import Audio, Button, Reply, Turn
from bot.core.ports import VoiceDesk


class VoiceFlow:
    name = "voice"
    commands: Sequence[str] = ()
    menu_buttons: Sequence[Button] = ()
    answer_buttons: Sequence[Button] = ()

    def __init__(self, desk: VoiceDesk, response_hours: int, public_url: str | None = None) -> None:
        self.desk = desk
        self.response_hours = response_hours
        self.web_chat = f"{public_url.rstrip('/')}/" if public_url else None

    # -- the dialogue's VoiceInput -------------------------------------------------------------------------------------

    async def voice(self, ctx: Context, audio: Audio | None) -> Turn:
        """Keep the recording and ask before anything is sent."""
        if audio is None:
            return Turn([Reply(texts.VOICE_UNREADABLE)])
        try:
            held_id, seconds = await self.desk.hold(channel=ctx.msg.channel, user_key=ctx.user_key,
                                                    raw_user_id=ctx.msg.user_id, audio=audio)
        except DomainError as exc:
            return Turn([Reply(exc.message)])
        buttons = (Button(texts.BTN_VOICE_SEND, act("vq:send", held_id)),
                   Button(texts.BTN_VOICE_DROP, act("vq:drop", held_id)))
        return Turn([Reply(texts.VOICE_RECEIVED.format(duration=duration_text(seconds)), buttons)])

    def unsupported(self, ctx: Context) -> Turn:
        web = f": {self.web_chat}" if self.web_chat else ""
        return Turn([Reply(texts.UNSUPPORTED_TEXT_ONLY.format(web=web))])

    # -- its buttons ---------------------------------------------------------------------------------------------------

    async def command(self, ctx: Context, command: str) -> Turn:
        return Turn()  # no commands

    async def action(self, ctx: Context, action: Action) -> Turn:
        held_id = action.number(0)
        if action.code == "vq:send":
            number = await self.desk.send(held_id, ctx.user_key, ctx.state.get("commune"))
            if number is None:
                return Turn([Reply(texts.VOICE_GONE)])
            return Turn([Reply(texts.VOICE_SENT.format(number=number, hours=self.response_hours))])
        dropped = await self.desk.drop(held_id, ctx.user_key)
        return Turn([Reply(texts.VOICE_DROPPED if dropped else texts.VOICE_GONE)])

    async def text(self, ctx: Context, text: str) -> Turn | None:
        return None
