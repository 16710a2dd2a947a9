"""The Telegram staff chat (STAFF_TELEGRAM_CHAT_ID): case cards with [Nhận xử lý] [Đóng], answers by reply-to, and
`/lienket CODE` in a private chat.

Every update from the staff chat comes here instead of the mediators' dialogue, so nothing said there is searched or
logged. Staff need not @mention the bot: Telegram delivers replies to the bot's own messages even in privacy mode.
A reply names its case by the card the desk stored ("telegram:<message_id>"), or else by the case number in the
replied-to text, so replying to an overdue re-announcement or a "bổ sung" notice works too.
"""

import logging
import mimetypes
import re
from typing import TYPE_CHECKING

from telegram import CallbackQuery, InputFile, Message, ReplyParameters, Update
from telegram.error import TelegramError

from bot.channels.telegram_translate import CHANNEL, render
from bot.core import actions, texts
from bot.core.errors import BadSetting
from bot.core.listen import duration_text
from bot.core.messages import Button, Reply
from bot.core.ogg import is_ogg_opus
from bot.domain.desk import VoiceNote
from bot.domain.staffchat import StaffAction, StaffChat, link_command
from bot.storage.models import Case

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramChannel
    from bot.services import Services

logger = logging.getLogger(__name__)

CASE_NUMBER = re.compile(r"HG-\d{4}-\d{5}")
BUTTONS: dict[str, StaffAction] = {"s:take": "take", "s:close": "close"}  # the case card's buttons
MAX_ANSWER = 200  # answerCallbackQuery shows at most 200 characters


class TelegramStaffChat:
    """A StaffNotifier for the desk, and the handler of the staff chat's updates."""

    name = CHANNEL

    def __init__(self, staff: StaffChat, door: "TelegramChannel", chat_id: int | None) -> None:
        self.door = door
        self.chat_id = chat_id
        self.staff = staff

    # -- the desk's notifier ---------------------------------------------------------------------------------------

    async def announce(self, case: Case, text: str, buttons: list[Button]) -> str | None:
        """Post the card; its message id (the page with the buttons) is what staff reply to."""
        assert self.chat_id is not None  # registered as a notifier only with a staff chat
        message_id = None
        for page, markup in render(Reply(text, tuple(buttons))):
            sent = await self.door.application.bot.send_message(self.chat_id, page, reply_markup=markup)
            message_id = sent.message_id
        return str(message_id) if message_id is not None else None

    async def notice(self, text: str) -> None:
        assert self.chat_id is not None
        for page, _ in render(Reply(text)):
            await self.door.application.bot.send_message(self.chat_id, page)

    async def voice(self, case: Case, note: VoiceNote) -> None:
        """The recording as a voice message (Ogg/Opus) or a file, captioned with the case number: staff listen here
        and answer by replying to it, as to the card."""
        assert self.chat_id is not None
        caption = texts.STAFF_VOICE_CAPTION.format(number=case.number, duration=duration_text(note.duration_s))
        bot = self.door.application.bot
        if is_ogg_opus(note.content):
            await bot.send_voice(self.chat_id, InputFile(note.content, filename=f"{case.number}.ogg"), caption=caption)
        else:
            suffix = mimetypes.guess_extension(note.mime.split(";")[0]) or ".bin"  # kept as sent (no ffmpeg here)
            await bot.send_document(self.chat_id, InputFile(note.content, filename=f"{case.number}{suffix}"),
                                    caption=caption)

    # -- updates ----------------------------------------------------------------------------------------------------

    def owns(self, update: Update) -> bool:
        """Everything from the staff chat, and /lienket anywhere: never for the mediators' dialogue."""
        if (query := update.callback_query) is not None:
            return query.message is not None and query.message.chat.id == self.chat_id
        message = update.message
        if message is None:
            return False
        return message.chat.id == self.chat_id or self._link_code(message) is not None

    async def handle(self, update: Update) -> None:
        """A button press on a card, a reply to a case message, or /lienket; everything else is ignored."""
        if update.callback_query is not None:
            await self._press(update.callback_query)
            return
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return  # service messages and other bots
        code = self._link_code(message)
        if code is None:
            await self._staff_message(message)
        elif message.chat.type == "private":
            await self._say(message, await self.staff.link(str(message.from_user.id), code))
        else:
            await self._say(message, texts.LINK_PRIVATE_ONLY)  # a code typed in a group is seen by everyone there

    def _link_code(self, message: Message) -> str | None:
        return link_command(message.text or "", self.door.bot_username)

    async def _press(self, query: CallbackQuery) -> None:
        """[Nhận xử lý] / [Đóng]: always answered, with the refusal as an alert for someone not allowed."""
        pressed = actions.parse(query.data or "")
        if pressed is None or pressed.owner != actions.STAFF:
            await self._answer(query, None)
            return
        case = await self.staff.case_by_id(pressed.number(0))
        result = await self.staff.act(str(query.from_user.id), BUTTONS[pressed.code], case)
        await self._answer(query, result.text, alert=not result.allowed)

    async def _staff_message(self, message: Message) -> None:
        """A reply to one of the bot's case messages is an answer for the mediator; anything else is ignored."""
        replied = message.reply_to_message
        if replied is None or not message.text or replied.from_user is None:
            return
        if replied.from_user.id != self.door.application.bot.id:
            return
        case = await self._case_of(replied)
        if case is None:
            return
        assert message.from_user is not None
        result = await self.staff.act(str(message.from_user.id), "reply", case, message.text.strip())
        if not result.posted:
            await self._say(message, result.text)

    async def _case_of(self, replied: Message) -> Case | None:
        case = await self.staff.case_by_card(str(replied.message_id))
        if case is None and (number := CASE_NUMBER.search(replied.text or replied.caption or "")):
            case = await self.staff.case_by_number(number.group())
        return case

    # -- sending ------------------------------------------------------------------------------------------------------

    async def _answer(self, query: CallbackQuery, text: str | None, *, alert: bool = False) -> None:
        try:
            await query.answer(text[:MAX_ANSWER] if text else None, show_alert=alert)
        except TelegramError as exc:  # e.g. a press older than Telegram keeps queries
            logger.info("telegram staff chat: answerCallbackQuery failed: %s", exc.message)

    async def _say(self, to: Message, text: str) -> None:
        """Answer in the same chat, quoting the message it answers."""
        try:
            await self.door.application.bot.send_message(
                to.chat.id, text, reply_parameters=ReplyParameters(to.message_id, allow_sending_without_reply=True))
        except TelegramError as exc:
            logger.warning("telegram staff chat: could not answer: %s", exc.message)


def setup(services: "Services", door: "TelegramChannel | None") -> TelegramStaffChat | None:
    """With Telegram: /lienket; with STAFF_TELEGRAM_CHAT_ID too, cases are announced there and its updates come here."""
    raw = (services.settings.staff_telegram_chat_id or "").strip()
    if door is None:
        return None
    try:
        chat_id = int(raw) if raw else None
    except ValueError:
        raise BadSetting(texts.STAFF_CHAT_ID_INVALID.format(name="STAFF_TELEGRAM_CHAT_ID", value=raw)) from None
    staff = TelegramStaffChat(StaffChat(services.db, services.desk, CHANNEL, services.clock), door, chat_id)
    door.staff = staff
    if chat_id is not None:
        services.desk.notifiers.append(staff)
    return staff
