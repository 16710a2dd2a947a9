"""Voice on Telegram: recorded answers go out with sendVoice, and a mediator's voice message is fetched with getFile.

A clip is uploaded once per bot: the file id Telegram returns is remembered in the database under a hash of the
bot token (every replica shares it), and the next press sends that id. A file id belongs to the bot that received
it, so after a restore under another token nothing matches and the clip is uploaded again; an id Telegram no
longer accepts is forgotten the same way, by uploading.
"""

import hashlib
import logging

from telegram import Bot, InlineKeyboardMarkup, InputFile, Message
from telegram.error import BadRequest, TelegramError

from bot.core.messages import Audio, Reply, VoiceClip
from bot.storage import audio_repo
from bot.storage.database import Database

logger = logging.getLogger(__name__)

CAPTION_LIMIT = 1024
MAX_DOWNLOAD = 20_000_000  # the Bot API's getFile limit


def bot_key(token: str) -> str:
    """Which bot a file id belongs to, without storing the token."""
    return hashlib.sha256(f"hoagiai-telegram-files:{token}".encode()).hexdigest()[:32]


class TelegramVoice:
    def __init__(self, db: Database, token: str) -> None:
        self.db = db
        self.bot = bot_key(token)

    async def send(self, bot: Bot, chat_id: int, reply: Reply, markup: InlineKeyboardMarkup | None) -> None:
        """The clip as a voice message with the reply's text as its caption and its buttons under it."""
        clip = reply.voice
        assert clip is not None
        caption = reply.text[:CAPTION_LIMIT]
        file_id = await self.db.run(audio_repo.telegram_file_id, bot=self.bot, sha256=clip.sha256)
        if file_id is not None:
            try:
                await bot.send_voice(chat_id, file_id, caption=caption, reply_markup=markup)
                return
            except BadRequest as exc:  # e.g. "wrong file identifier": upload again below
                logger.info("telegram: stored file id refused (%s); uploading the clip again", exc.message)
        await self._upload(bot, chat_id, clip, caption, markup)

    async def _upload(self, bot: Bot, chat_id: int, clip: VoiceClip, caption: str,
                      markup: InlineKeyboardMarkup | None) -> None:
        row = await self.db.run(audio_repo.get_clip, clip_id=clip.clip_id)
        if row is None:  # replaced or deleted since the button was drawn
            await bot.send_message(chat_id, caption, reply_markup=markup)
            return
        sent = await bot.send_voice(chat_id, InputFile(row.content, filename=f"{clip.clip_id}.ogg"), caption=caption,
                                    reply_markup=markup)
        if sent.voice is not None:
            try:
                await self.db.run(audio_repo.remember_telegram_file, bot=self.bot, sha256=row.sha256,
                                  file_id=sent.voice.file_id)
            except Exception:  # noqa: BLE001 - the clip went out; a replica racing on the same row only costs an upload
                logger.warning("telegram: could not remember the file id of clip %s", clip.clip_id, exc_info=True)


async def download(bot: Bot, message: Message) -> Audio | None:
    """A voice message or an audio file the user sent, as bytes; None when Telegram would not hand it over."""
    media = message.voice or message.audio
    if media is None:
        return None
    mime = media.mime_type or "audio/ogg"
    if media.file_size is not None and media.file_size > MAX_DOWNLOAD:
        return Audio(b"", mime)
    try:
        file = await bot.get_file(media.file_id)
        data = await file.download_as_bytearray()
    except TelegramError as exc:
        logger.warning("telegram: could not fetch a voice message: %s", exc.message)
        return None
    return Audio(bytes(data), mime)
