"""A small fake Telegram Bot API on 127.0.0.1 that the real python-telegram-bot client talks to.

Serves getMe, getUpdates (long poll, capped at `poll_cap` seconds), sendMessage, editMessageText, answerCallbackQuery,
setMyCommands, setWebhook, deleteWebhook, sendDocument and sendVoice (multipart uploads, or a file_id it issued),
getFile and the file downloads under /file/bot<token>/, and records every call. Helpers build the
updates a user would cause (text, button press, sticker, group message) and wait, by polling, for the bot's answers.

PTB posts form-encoded bodies in which every non-string value is JSON-encoded: each value that parses as JSON is
decoded (so `reply_markup` arrives as a dict), except free text fields that must stay strings.
"""

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-fake-token"
BOT_ID = 123456
BOT_USERNAME = "hoagiai_test_bot"
TEXT_FIELDS = {"text", "caption", "callback_query_id", "secret_token", "url", "description"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeTelegram:
    """Tests set `fail_chats[chat_id] = "Forbidden: bot was blocked by the user"` or `slow_chats[chat_id] = seconds`
    to make sendMessage to one chat fail or hang."""

    def __init__(self, token: str = TOKEN, *, poll_cap: float = 1.0) -> None:
        self.token = token
        self.poll_cap = poll_cap
        self.calls: list[Call] = []
        self.fail_chats: dict[int, str] = {}
        self.slow_chats: dict[int, float] = {}
        self._updates: list[dict[str, Any]] = []
        self._new_update = asyncio.Event()
        self._next_update_id = 1000
        self._next_message_id = 1
        self._sent: dict[int, list[Call]] = {}  # chat id -> sendMessage calls, in order
        self._read: dict[int, int] = {}  # chat id -> how many of its sendMessage calls a test has consumed
        self._delivered: dict[int, list[dict[str, Any]]] = {}  # chat id -> the Message objects sendMessage returned
        self.files: dict[str, bytes] = {}  # file_id -> content: what was uploaded, and what users "sent"
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- server ------------------------------------------------------------------------------------------------------

    async def start(self, port: int = 0) -> "FakeTelegram":
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        # handler_cancellation: a pending long poll ends at once when the server closes.
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL takes: up to and including `/bot` (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def _dispatch(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        if method == "sendMessage" and int(params.get("chat_id", 0)) in self.slow_chats:
            await asyncio.sleep(self.slow_chats[int(params["chat_id"])])  # recorded when it is finally answered
        call = Call(method, params)
        self.calls.append(call)
        if method == "sendMessage":
            self._sent.setdefault(int(params["chat_id"]), []).append(call)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        response: web.Response = await handler(params)
        return response

    async def _api_getMe(self, _params: dict[str, Any]) -> web.Response:
        return _ok({"id": BOT_ID, "is_bot": True, "first_name": "Trợ lý Hòa giải", "username": BOT_USERNAME,
                    "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False})

    async def _api_getUpdates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]  # lower ids are confirmed
        wait = min(float(params.get("timeout") or 0), self.poll_cap)
        if not self._updates and wait > 0:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), wait)
        return _ok(self._updates[: int(params.get("limit") or 100)])

    async def _api_sendMessage(self, params: dict[str, Any]) -> web.Response:
        chat_id = int(params["chat_id"])
        if chat_id in self.fail_chats:
            return _error(403, self.fail_chats[chat_id])
        if not 1 <= len(params.get("text", "").encode("utf-16-le")) // 2 <= 4096:
            return _error(400, "Bad Request: message is too long")
        for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if not 1 <= len(button.get("callback_data", "").encode()) <= 64:
                    return _error(400, "Bad Request: BUTTON_DATA_INVALID")
        message = self._message(chat_id, text=params["text"])
        self._delivered.setdefault(chat_id, []).append(message)
        return _ok(message)

    async def _api_editMessageText(self, params: dict[str, Any]) -> web.Response:
        return _ok(self._message(int(params["chat_id"]), text=params["text"], message_id=int(params["message_id"])))

    async def _api_sendDocument(self, params: dict[str, Any]) -> web.Response:
        doc = params["document"]
        return _ok(self._message(int(params["chat_id"]), document={
            "file_id": f"doc{self._next_message_id}", "file_unique_id": f"u{self._next_message_id}",
            "file_name": doc["filename"], "file_size": doc["size"]}))

    async def _api_sendVoice(self, params: dict[str, Any]) -> web.Response:
        """An upload (multipart) gets a new file_id; a file_id is accepted only if this server issued it."""
        voice = params["voice"]
        if isinstance(voice, dict):
            file_id = f"voice-{len(self.files) + 1}"
            self.files[file_id] = voice["content"]
        elif voice in self.files:
            file_id = voice
        else:
            return _error(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return _ok(self._message(int(params["chat_id"]), caption=params.get("caption", ""), voice={
            "file_id": file_id, "file_unique_id": f"u-{file_id}", "duration": 1, "mime_type": "audio/ogg",
            "file_size": len(self.files[file_id])}))

    async def _api_getFile(self, params: dict[str, Any]) -> web.Response:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        return _ok({"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(self.files[file_id]),
                    "file_path": f"voice/{file_id}.oga"})

    async def _download(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].removeprefix("voice/").removesuffix(".oga")
        if request.match_info["token"] != self.token or file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id], content_type="audio/ogg")

    async def _api_answerCallbackQuery(self, _params: dict[str, Any]) -> web.Response:
        return _ok(True)

    async def _api_setMyCommands(self, _params: dict[str, Any]) -> web.Response:
        return _ok(True)

    async def _api_setWebhook(self, _params: dict[str, Any]) -> web.Response:
        return _ok(True)

    async def _api_deleteWebhook(self, _params: dict[str, Any]) -> web.Response:
        return _ok(True)

    def _message(self, chat_id: int, *, message_id: int | None = None, **content: Any) -> dict[str, Any]:
        if message_id is None:
            message_id = self._next_message_id
            self._next_message_id += 1
        return {"message_id": message_id, "date": int(time.time()), "chat": _chat(chat_id),
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Trợ lý Hòa giải", "username": BOT_USERNAME},
                **content}

    # -- updates a user causes ---------------------------------------------------------------------------------------

    def enqueue(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates (polling mode); returns its update_id."""
        self._updates.append(update)
        self._new_update.set()
        return int(update["update_id"])

    def new_update_id(self) -> int:
        self._next_update_id += 1
        return self._next_update_id

    def text_update(self, chat_id: int, text: str, *, user_id: int | None = None,
                    reply_to_bot: bool = False, reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        """A text message; in a group chat (negative id) '@bot' mentions and '/commands' get their entities.

        `reply_to`: one of the bot's messages (from `delivered_to`) that the user answers with Telegram's reply."""
        message: dict[str, Any] = {"message_id": self._take_message_id(), "date": int(time.time()),
                                   "chat": _chat(chat_id), "from": _user(user_id or chat_id), "text": text}
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        mention = f"@{BOT_USERNAME}"
        if mention in text and not text.startswith("/"):
            entities.append({"type": "mention", "offset": _utf16_offset(text, text.index(mention)),
                             "length": len(mention)})
        if entities:
            message["entities"] = entities
        if reply_to_bot:
            message["reply_to_message"] = self._message(chat_id, text="Câu trả lời trước")
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return {"update_id": self.new_update_id(), "message": message}

    def callback_update(self, chat_id: int, data: str, *, user_id: int | None = None) -> dict[str, Any]:
        """A press on an inline button of a message the bot sent to this chat."""
        return {"update_id": self.new_update_id(), "callback_query": {
            "id": f"cq{self._next_update_id}", "from": _user(user_id or chat_id), "chat_instance": f"ci{chat_id}",
            "data": data, "message": self._message(chat_id, text="…")}}

    def sticker_update(self, chat_id: int, *, user_id: int | None = None) -> dict[str, Any]:
        return {"update_id": self.new_update_id(), "message": {
            "message_id": self._take_message_id(), "date": int(time.time()), "chat": _chat(chat_id),
            "from": _user(user_id or chat_id),
            "sticker": {"file_id": "stk1", "file_unique_id": "ustk1", "type": "regular", "width": 512, "height": 512,
                        "is_animated": False, "is_video": False, "emoji": "👍"}}}

    def voice_update(self, chat_id: int, content: bytes, *, user_id: int | None = None,
                     as_audio: bool = False) -> dict[str, Any]:
        """A voice message (or an audio file) the user records; its bytes are served by getFile."""
        file_id = f"user-voice-{len(self.files) + 1}"
        self.files[file_id] = content
        media = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "duration": 2, "mime_type": "audio/ogg",
                 "file_size": len(content)}
        return {"update_id": self.new_update_id(), "message": {
            "message_id": self._take_message_id(), "date": int(time.time()), "chat": _chat(chat_id),
            "from": _user(user_id or chat_id), "audio" if as_audio else "voice": media}}

    def send_voice(self, chat_id: int, content: bytes, **kw: Any) -> int:
        return self.enqueue(self.voice_update(chat_id, content, **kw))

    def send_text(self, chat_id: int, text: str, **kw: Any) -> int:
        return self.enqueue(self.text_update(chat_id, text, **kw))

    def press(self, chat_id: int, data: str, **kw: Any) -> int:
        return self.enqueue(self.callback_update(chat_id, data, **kw))

    def send_sticker(self, chat_id: int, **kw: Any) -> int:
        return self.enqueue(self.sticker_update(chat_id, **kw))

    def send_group_text(self, chat_id: int, user_id: int, text: str, **kw: Any) -> int:
        assert chat_id < 0, "group chat ids are negative"
        return self.enqueue(self.text_update(chat_id, text, user_id=user_id, **kw))

    def _take_message_id(self) -> int:
        self._next_message_id += 1
        return self._next_message_id

    # -- what the bot did --------------------------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def sent_to(self, chat_id: int) -> list[Call]:
        """The sendMessage calls to one chat, with the time each arrived."""
        return self._sent.get(chat_id, [])

    def delivered_to(self, chat_id: int) -> list[dict[str, Any]]:
        """The Message objects (with their message_id) that sendMessage to this chat returned, in order."""
        return self._delivered.get(chat_id, [])

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [c.params for c in self.sent_to(chat_id)]

    async def next_message(self, chat_id: int, timeout: float = 5.0) -> dict[str, Any]:
        """The bot's next sendMessage to this chat that the test has not read yet (polls every 5 ms)."""
        index = self._read.get(chat_id, 0)
        await wait_until(lambda: len(self.messages_to(chat_id)) > index, timeout, f"a message to chat {chat_id}")
        self._read[chat_id] = index + 1
        return self.messages_to(chat_id)[index]

    async def wait_for_call(self, method: str, timeout: float = 5.0, **expected: Any) -> dict[str, Any]:
        """The first recorded call to `method` whose params include `expected`."""
        def found() -> dict[str, Any] | None:
            return next((p for p in self.calls_to(method) if all(p.get(k) == v for k, v in expected.items())), None)

        await wait_until(lambda: found() is not None, timeout, f"{method} {expected}")
        result = found()
        assert result is not None
        return result


def buttons_of(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, callback_data) of every inline button of a recorded sendMessage, row by row."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


async def wait_until(predicate: Any, timeout: float = 5.0, what: str = "condition") -> None:
    """Poll with a short interval (never a fixed long sleep)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    form = await request.post()
    out: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            content = value.file.read()
            out[key] = {"filename": value.filename, "size": len(content), "content": content}
        elif key in TEXT_FIELDS:
            out[key] = value
        else:
            try:
                out[key] = json.loads(value)
            except ValueError:
                out[key] = value
    return out


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": code, "description": description}, status=code)


def _chat(chat_id: int) -> dict[str, Any]:
    if chat_id < 0:
        return {"id": chat_id, "type": "supergroup", "title": "Tổ hòa giải bản Nà"}
    return {"id": chat_id, "type": "private", "first_name": "Lò Văn", "last_name": "Test"}


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Lò Văn", "language_code": "vi"}


def _utf16_offset(text: str, index: int) -> int:
    """Telegram entity offsets count UTF-16 code units."""
    return len(text[:index].encode("utf-16-le")) // 2
