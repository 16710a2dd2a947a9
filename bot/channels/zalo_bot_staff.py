"""The Zalo staff group (STAFF_ZALO_CHAT_ID) on the Zalo Bot Platform, and `/lienket CODE` in a private Zalo chat.

The Bot Platform can post to a group chat id, but it shows no buttons and has no reply-to: the card ends with
numbered instructions, and staff start their message with the case number: "#HG-2026-00042 <answer>" (relayed to
the mediator), "#HG-2026-00042 nhan" (take) or "#HG-2026-00042 dong" (close). Authorisation is the same as in the
Telegram staff chat, by the sender's linked zalo_id. Every other message in the group is ignored (never searched,
never logged). Zalo does not document whether a bot receives group messages that do not mention it: if it does not,
staff add "@<bot name>" (the door strips the mention before reading the command).
"""

import re
from typing import TYPE_CHECKING

from bot.channels.zalo_bot import ParsedUpdate, ZaloBotChannel
from bot.core import texts
from bot.core.listen import duration_text
from bot.core.messages import Button, Reply
from bot.core.normalize import fold
from bot.domain.desk import VoiceNote
from bot.domain.staffchat import StaffAction, StaffChat, link_command
from bot.storage.models import Case

if TYPE_CHECKING:
    from bot.services import Services

CHANNEL = "zalo"
COMMAND = re.compile(r"^#\s*(HG-\d{4}-\d{5})\b[\s:,.\-]*(.*)$", re.IGNORECASE | re.DOTALL)
WORDS: dict[str, StaffAction] = {"nhan": "take", "nhan xu ly": "take", "dong": "close", "dong vu viec": "close"}


class ZaloStaffChat:
    """A StaffNotifier for the desk, and the reader of the staff group's typed commands."""

    name = CHANNEL

    def __init__(self, staff: StaffChat, channel: ZaloBotChannel, chat_id: str) -> None:
        self.channel = channel
        self.chat_id = chat_id
        self.staff = staff

    # -- the desk's notifier ---------------------------------------------------------------------------------------

    async def announce(self, case: Case, text: str, buttons: list[Button]) -> str | None:
        """Post the card with typed instructions in place of the buttons and the reply-to hint.

        Returns no reference: there is no reply-to here, and a reference would replace the Telegram card's.
        """
        howto = texts.STAFF_ZALO_HOWTO.format(number=case.number)
        body = text.replace(texts.STAFF_CASE_HOWTO, howto) if texts.STAFF_CASE_HOWTO in text else f"{text}\n{howto}"
        await self.channel.send(self.chat_id, [Reply(body)])
        return None

    async def notice(self, text: str) -> None:
        await self.channel.send(self.chat_id, [Reply(text)])

    async def voice(self, case: Case, note: VoiceNote) -> None:
        """The Bot Platform sends no audio: a link to the case page, where staff play the recording."""
        duration = duration_text(note.duration_s)
        await self.channel.send(self.chat_id, [Reply(texts.STAFF_VOICE_LINK.format(number=case.number,
                                                                                   duration=duration, url=note.case_url))])

    # -- updates ----------------------------------------------------------------------------------------------------

    async def handle(self, parsed: ParsedUpdate) -> list[Reply] | None:
        """Replies for the staff group or /lienket; None leaves the update to the mediators' dialogue."""
        msg = parsed.incoming
        code = link_command(msg.text) if msg.kind == "text" else None
        if code is not None:
            if msg.is_group:
                return [Reply(texts.LINK_PRIVATE_ONLY)]
            return [Reply(await self.staff.link(msg.user_id, code))]
        if parsed.chat_id != self.chat_id:
            return None
        command = COMMAND.match(msg.text.strip()) if msg.kind == "text" else None
        if command is None:
            return []
        number, rest = command.group(1).upper(), command.group(2).strip()
        action = WORDS.get(" ".join(fold(rest).split()), "reply")
        if action == "reply" and not rest:
            return [Reply(texts.STAFF_ZALO_EMPTY.format(number=number))]
        case = await self.staff.case_by_number(number)
        result = await self.staff.act(msg.user_id, action, case, rest)
        if case is None and result.allowed:
            return [Reply(texts.STAFF_UNKNOWN_NUMBER.format(number=number))]
        return [] if result.posted else [Reply(result.text)]


def setup(services: "Services", channel: ZaloBotChannel | None) -> ZaloStaffChat | None:
    """With the Zalo Bot Platform and STAFF_ZALO_CHAT_ID: cases are announced in that group and its commands read."""
    chat_id = (services.settings.staff_zalo_chat_id or "").strip()
    if channel is None:
        return None
    staff = ZaloStaffChat(StaffChat(services.db, services.desk, CHANNEL, services.clock), channel, chat_id)
    channel.staff = staff  # /lienket works with or without the group
    if chat_id:
        services.desk.notifiers.append(staff)
    return staff
