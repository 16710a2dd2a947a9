"""The Telegram door: runs python-telegram-bot's Application, hands each update to the core, delivers the replies.

The conversation itself is the core's (bot.core.dialogue); translation is in bot.channels.telegram_translate. Two
modes: polling (TELEGRAM_BOT_TOKEN alone) and webhook (TELEGRAM_WEBHOOK_URL too: PTB is built without its Updater and
bot.channels.telegram_webhook feeds the door from a route on our own aiohttp app).
"""

import asyncio
import dataclasses
import datetime as dt
import itertools
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import web
from telegram import BotCommand, CallbackQuery, InputFile, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.channels import telegram_voice, telegram_webhook
from bot.channels.base import ChannelAdapter, DeliveryFailed, DoorDeps, attach
from bot.channels.telegram_translate import CAPS, CHANNEL, chat_of, keyboard, render, to_incoming
from bot.core import texts
from bot.core.messages import Reply

if TYPE_CHECKING:
    from bot.channels.telegram_staff import TelegramStaffChat
    from bot.services import Services

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
POLL_TIMEOUT = dt.timedelta(seconds=10)
RETRY_DELAYS_S = (1, 2, 5, 10, 30, 60)  # reconnecting when the Bot API is unreachable at start-up
CONNECTION_POOL = 32
POOL_TIMEOUT_S = 10.0
# PTB's Application is generic in six context types; we use its defaults throughout.
TelegramApp = Application[Any, Any, Any, Any, Any, Any]
Sent = Callable[[], Awaitable[None]]  # called right after each message of an answer goes out


# -- the door ----------------------------------------------------------------------------------------------------------


class TelegramChannel(ChannelAdapter):
    """Translates between Telegram and the core; also the proactive-send channel `channels["telegram"]`."""

    name = CHANNEL
    caps = CAPS

    def __init__(self, deps: DoorDeps, application: TelegramApp, *, webhook_url: str | None = None,
                 webhook_secret: str | None = None, voice: telegram_voice.TelegramVoice | None = None) -> None:
        super().__init__(deps)
        self.application = application
        self.voice = voice  # sendVoice with remembered file ids; without it a clip goes out as its caption
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.ready = False  # connected: getMe answered, and polling or the webhook is set up
        self.staff: TelegramStaffChat | None = None  # the staff chat, when configured (telegram_staff.setup)
        application.add_handler(TypeHandler(Update, self._on_polled_update))
        application.add_error_handler(self._on_error)

    @property
    def bot_username(self) -> str:
        return str(self.application.bot.username)

    # -- lifecycle (order from the tech notes: initialize -> start -> polling; stop in reverse) --------------------

    async def on_start(self) -> None:
        """Connect now; when the Bot API is unreachable keep retrying in the background (the web chat runs anyway)."""
        try:
            await self._connect()
        except NetworkError as exc:
            logger.error("telegram: Bot API unreachable (%s); retrying in the background", exc.message)
            self.run_in_background(self._connect_later(), "connect")
        except TelegramError as exc:
            await self._refused(exc)

    async def _connect(self) -> None:
        app = self.application
        await app.initialize()  # getMe
        await app.bot.set_my_commands([BotCommand(command, text) for command, text in texts.COMMAND_MENU])
        if not app.running:
            await app.start()
        if self.webhook_url:
            await app.bot.set_webhook(self.webhook_url, secret_token=self.webhook_secret,
                                      allowed_updates=ALLOWED_UPDATES)
            logger.info("telegram: webhook mode as @%s", self.bot_username)
        elif app.updater is not None and not app.updater.running:
            await app.updater.start_polling(timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES)
            logger.info("telegram: polling as @%s", self.bot_username)
        self.ready = True

    async def _connect_later(self) -> None:
        for delay in itertools.chain(RETRY_DELAYS_S, itertools.repeat(RETRY_DELAYS_S[-1])):
            await asyncio.sleep(delay)
            try:
                await self._connect()
                return
            except NetworkError as exc:
                logger.warning("telegram: still unreachable (%s)", exc.message)
            except TelegramError as exc:
                await self._refused(exc)
                return

    async def _refused(self, exc: TelegramError) -> None:
        """A rejected token or webhook address: retrying cannot help, so Telegram stays off (the web chat runs)."""
        # PTB's InvalidToken message contains the token: never log it.
        reason = "TELEGRAM_BOT_TOKEN was rejected" if isinstance(exc, InvalidToken) else exc.message
        logger.error("telegram: the Bot API refused to start the bot (%s); Telegram stays off", reason)
        await self._disconnect()

    async def on_stop(self) -> None:
        """Stop polling first, then the application, then close its connections ("Updater is still running!")."""
        self.ready = False
        await self._disconnect()

    async def _disconnect(self) -> None:
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        await app.bot.shutdown()  # closes the HTTP clients even when initialize() failed half-way

    # -- incoming ---------------------------------------------------------------------------------------------------

    async def handle_update(self, update: Update, sent: Sent | None = None) -> None:
        """Answer one update: acknowledge a button press, run the core, send the replies (`sent` is awaited right
        after each message goes out).

        Send errors are logged and swallowed (one blocked user must not fail the others); errors of the core propagate,
        so that the webhook can tell a database outage from a failure that would repeat.
        """
        if self.staff is not None and self.staff.owns(update):
            async with self.in_order(chat_of(update)):  # the staff chat's updates in order, too
                await self.staff.handle(update)
            return  # the staff chat and /lienket never reach the mediators' dialogue
        if update.callback_query is not None:
            await self._acknowledge(update.callback_query)
        msg = to_incoming(update, self.bot_username, self.application.bot.id)
        chat_id = chat_of(update)
        if msg is None or chat_id is None:
            return
        async with self.in_order(chat_id):
            if msg.kind == "voice" and update.message is not None and (not msg.is_group or msg.mentioned):
                audio = await telegram_voice.download(self.application.bot, update.message)
                msg = dataclasses.replace(msg, audio=audio)
            turn = await self.deps.dialogue.handle(msg)
            try:
                await self.deliver(str(chat_id), turn.replies, sent)
            except TelegramError as exc:
                logger.warning("telegram: could not answer update %s: %s", update.update_id, exc.message)

    async def _acknowledge(self, query: CallbackQuery) -> None:
        """Every press is answered, or the user's button keeps spinning."""
        try:
            await query.answer()
        except TelegramError as exc:  # e.g. a press older than Telegram keeps queries
            logger.info("telegram: answerCallbackQuery failed: %s", exc.message)

    async def _on_polled_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.handle_update(update)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """PTB's error handler for polling mode: log it; the next update is handled normally."""
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error("telegram: update %s failed", update_id, exc_info=context.error)

    # -- outgoing ---------------------------------------------------------------------------------------------------

    async def deliver(self, chat: str, replies: Sequence[Reply], sent: Sent | None = None) -> None:
        """Messages with inline keyboards, and documents as files; TelegramError propagates."""
        bot, chat_id = self.application.bot, int(chat)
        for reply in replies:
            if reply.voice is not None and self.voice is not None:
                await self.voice.send(bot, chat_id, reply, keyboard(reply.buttons))
                await _after(sent)
                continue
            for text, markup in render(reply):
                await bot.send_message(chat_id, text, reply_markup=markup)
                await _after(sent)
            if reply.document is not None:
                doc = reply.document
                await bot.send_document(chat_id, InputFile(doc.content, filename=doc.filename))
                await _after(sent)

    async def send(self, user_id: str, replies: list[Reply]) -> None:
        """A proactive message (e.g. a staff answer) to a user's private chat; DeliveryFailed with Telegram's reason."""
        if not self.ready:
            raise DeliveryFailed(texts.CHANNEL_NOT_CONNECTED.format(channel="Telegram"))
        try:
            int(user_id)
        except ValueError:
            raise DeliveryFailed(f"Bad Request: chat_id {user_id!r} is not a Telegram id") from None
        try:
            await self.deliver(user_id, replies)
        except TelegramError as exc:
            raise DeliveryFailed(exc.message) from exc


async def _after(sent: Sent | None) -> None:
    if sent is not None:
        await sent()


# -- wiring ------------------------------------------------------------------------------------------------------------


def build_application(token: str, base_url: str | None, *, webhook: bool) -> TelegramApp:
    """PTB's Application: concurrent updates (ordering per chat is ChatLocks' job); no Updater in webhook mode.

    The connection pool is smaller than PTB's 256: httpx's pool costs CPU per request in proportion to its open
    connections (measured: 6.4 ms per sendMessage with 300 in flight at 256, 2.5 ms at 32), and 32 connections
    already carry hundreds of sends a second; a send waits up to POOL_TIMEOUT_S for a free connection.
    """
    builder = (ApplicationBuilder().token(token).concurrent_updates(True)
               .connection_pool_size(CONNECTION_POOL).pool_timeout(POOL_TIMEOUT_S))
    if base_url:
        builder = builder.base_url(base_url).base_file_url(file_base_url(base_url))
    if webhook:
        builder = builder.updater(None)
    return builder.build()


def file_base_url(base_url: str) -> str:
    """Where files are downloaded from, beside the Bot API address: …/bot -> …/file/bot."""
    return base_url.rstrip("/").removesuffix("/bot") + "/file/bot"


def build(services: "Services") -> TelegramChannel | None:
    """The door, with TELEGRAM_BOT_TOKEN (else None): polling, or webhook mode with TELEGRAM_WEBHOOK_URL."""
    settings = services.settings
    token = settings.telegram_bot_token
    if not token:
        return None
    webhook_base = (settings.telegram_webhook_url or "").rstrip("/") or None
    application = build_application(token, settings.telegram_api_base_url, webhook=webhook_base is not None)
    deps = DoorDeps.of(services)
    voice = telegram_voice.TelegramVoice(services.db, token)
    if webhook_base is None:
        return TelegramChannel(deps, application, voice=voice)
    secret = telegram_webhook.secret_for(token, settings.telegram_webhook_secret)
    return TelegramChannel(deps, application, webhook_secret=secret, voice=voice,
                           webhook_url=f"{webhook_base}{telegram_webhook.route_path(token)}")


def setup(app: web.Application, services: "Services") -> TelegramChannel | None:
    """With TELEGRAM_BOT_TOKEN: register channels["telegram"], start and stop with the app, serve the webhook."""
    door = build(services)
    if door is None:
        return None
    if door.webhook_url is not None:
        telegram_webhook.add_route(app, door)
    services.channels[door.name] = door
    attach(app, door)
    return door
