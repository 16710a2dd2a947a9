"""Telegram wire format <-> the core's messages: Update -> Incoming, Reply -> message texts and inline keyboards.

Pure functions (no I/O), so that both modes of the door (polling and webhook) translate the same way.
"""

import logging
import re
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.channels.base import button_rows
from bot.core.messages import Button, ChannelCaps, Incoming, Reply
from bot.core.views import split_pages

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
MAX_TEXT = 4096  # Telegram counts UTF-16 code units (an emoji is two)
# Inline keyboards; sendDocument; sendVoice; voice messages and audio files from users. Proactive sends: Telegram's
# Bot FAQ allows about 30 messages a second to different chats in bulk; 10 per replica leaves room for several
# replicas and for the answers to users.
CAPS = ChannelCaps(max_text=MAX_TEXT, buttons=True, files=True, voice=True, voice_input=True, push_rate=10.0)
MAX_CALLBACK_DATA = 64  # bytes
GROUP_CHATS = {"group", "supergroup"}
# Message content we do not read; anything else without text (members joining, pins…) is a service message.
UNSUPPORTED_CONTENT = ("sticker", "photo", "video", "video_note", "document", "animation",
                       "location", "venue", "contact", "poll", "dice", "story", "game", "invoice")
VOICE_CONTENT = ("voice", "audio")  # the door fetches the file and hands it to the core


# -- translating an Update ---------------------------------------------------------------------------------------------


def to_incoming(update: Update, bot_username: str, bot_id: int) -> Incoming | None:
    """What the user did, or None for updates the core never sees (service messages, other bots, edits)."""
    update_id = str(update.update_id)
    if (query := update.callback_query) is not None:
        if not query.data:
            return None
        chat = query.message.chat if query.message is not None else None
        return Incoming(CHANNEL, str(query.from_user.id), "action", action=query.data, update_id=update_id,
                        is_group=chat is not None and chat.type in GROUP_CHATS, caps=CAPS)
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    is_group = message.chat.type in GROUP_CHATS
    user_id = str(message.from_user.id)
    addressed = _addresses_bot(message, bot_username, bot_id)
    if message.text is not None:
        target = _command_target(message.text)
        if target is not None and target.lower() != bot_username.lower():
            return None  # "/start@another_bot" in a group
        return Incoming(CHANNEL, user_id, "text", text=strip_mention(message.text, bot_username), update_id=update_id,
                        is_group=is_group, mentioned=addressed or message.text.startswith("/"), caps=CAPS)
    if any(getattr(message, name, None) for name in VOICE_CONTENT):
        return Incoming(CHANNEL, user_id, "voice", update_id=update_id, is_group=is_group, mentioned=addressed,
                        caps=CAPS)
    if any(getattr(message, name, None) for name in UNSUPPORTED_CONTENT):
        return Incoming(CHANNEL, user_id, "unsupported", update_id=update_id, is_group=is_group, mentioned=addressed,
                        caps=CAPS)
    return None


def strip_mention(text: str, bot_username: str) -> str:
    """'@hoagiai_bot tieu chuan hgv' -> 'tieu chuan hgv' (also '/start@hoagiai_bot' -> '/start')."""
    stripped = re.sub(rf"@{re.escape(bot_username)}\b", " ", text, flags=re.IGNORECASE)
    return re.sub(r"[ \t]{2,}", " ", stripped).strip()


def _command_target(text: str) -> str | None:
    """The bot a command names: 'another_bot' for '/start@another_bot', None for '/start' or plain text."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if not first.startswith("/"):
        return None
    return first.partition("@")[2] or None


def _addresses_bot(message: Message, bot_username: str, bot_id: int) -> bool:
    """An @mention (typed or picked from the member list) or a reply to one of the bot's messages."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    entities = {**message.parse_entities(["mention", "text_mention"]),
                **message.parse_caption_entities(["mention", "text_mention"])}
    for entity, value in entities.items():
        if entity.type == "mention" and value.lower() == f"@{bot_username.lower()}":
            return True
        if entity.type == "text_mention" and entity.user is not None and entity.user.id == bot_id:
            return True
    return False


def chat_of(update: Update) -> int | None:
    """Where the answer goes: the chat the message (or the pressed button) is in."""
    if update.callback_query is not None:
        query = update.callback_query
        return query.message.chat.id if query.message is not None else query.from_user.id
    return update.message.chat.id if update.message is not None else None


# -- rendering a Reply -------------------------------------------------------------------------------------------------


def render(reply: Reply) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """Each Reply becomes one or more messages within 4,096 units; the buttons go under the last one."""
    pages = pages_of(reply.text or "…")
    markup = keyboard(reply.buttons)
    return [(page, markup if i == len(pages) - 1 else None) for i, page in enumerate(pages)]


def pages_of(text: str) -> list[str]:
    """Pages of at most 4,096 UTF-16 units; with many emoji (two units each) a page holds fewer characters."""
    for limit in range(MAX_TEXT, MAX_TEXT // 2, -256):
        pages = split_pages(text, limit)
        if all(_utf16_len(p) <= MAX_TEXT for p in pages):
            return pages
    return split_pages(text, MAX_TEXT // 2)  # fits whatever the characters


def keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """Inline keyboard rows from base.button_rows; callback_data is the action (Telegram allows 64 bytes)."""
    fitting = [b for b in buttons if 0 < len(b.action.encode()) <= MAX_CALLBACK_DATA]
    for b in buttons:
        if b not in fitting:
            logger.warning("telegram: dropped button %r, its action is longer than 64 bytes", b.label)
    if not fitting:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.action) for b in row]
                                 for row in button_rows(fitting)])


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
