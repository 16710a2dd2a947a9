"""A small fake Zalo Bot Platform on 127.0.0.1: getMe, getUpdates (one update per call, 408 when nothing is new),
setWebhook, deleteWebhook and sendMessage, recording every call."""

import asyncio
import json
import time
import uuid
from typing import Any

from aiohttp import web


async def serve(app: web.Application) -> tuple[web.AppRunner, int]:
    """Run an aiohttp app on a free loopback port; handler_cancellation so a pending long poll ends at teardown."""
    runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, int(runner.addresses[0][1])


async def wait_for(predicate: Any, timeout: float = 10.0, what: str = "condition") -> None:
    """Poll with a short interval (never a fixed long sleep)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def text_update(chat_id: str, text: str, *, message_id: str | None = None, group: bool = False,
                sender_id: str | None = None) -> dict[str, Any]:
    return _update("message.text.received", chat_id, {"text": text}, message_id, group, sender_id)


def sticker_update(chat_id: str, *, message_id: str | None = None) -> dict[str, Any]:
    return _update("message.sticker.received", chat_id, {"sticker": "sticker-1", "url": "https://example.org/s.png"},
                   message_id, False, None)


def _update(event: str, chat_id: str, extra: dict[str, Any], message_id: str | None, group: bool,
            sender_id: str | None) -> dict[str, Any]:
    message = {
        "message_id": message_id or uuid.uuid4().hex,
        "from": {"id": sender_id or chat_id, "display_name": "Hòa giải viên", "is_bot": False},
        "chat": {"id": chat_id, "chat_type": "GROUP" if group else "PRIVATE"},
        "date": int(time.time() * 1000),
        **extra,
    }
    return {"event_name": event, "message": message}


class FakeZaloBotApi:
    BOT = {"id": "bot-1", "account_name": "bot.hoagiai", "account_type": "BASIC", "display_name": "HoaGiaiBot"}

    def __init__(self, token: str, hold_s: float = 0.2) -> None:
        self.token = token
        self.hold_s = hold_s  # longest a getUpdates call waits, whatever timeout the client asks for
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sent: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] | None = None
        self.fail_sends: str | None = None  # when set, sendMessage answers ok=false with this description
        self._updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> "FakeZaloBotApi":
        app = web.Application()
        app.router.add_post("/{path:.+}", self._handle)
        self._runner, self.port = await serve(app)
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def push(self, update: dict[str, Any]) -> None:
        self._updates.put_nowait(update)

    def methods(self) -> list[str]:
        return [m for m, _ in self.calls]

    def texts_to(self, chat_id: str) -> list[str]:
        return [m["text"] for m in self.sent if m["chat_id"] == chat_id]

    async def wait_sent(self, chat_id: str, count: int = 1, timeout: float = 10.0) -> list[str]:
        await wait_for(lambda: len(self.texts_to(chat_id)) >= count, timeout, f"{count} message(s) to {chat_id}")
        return self.texts_to(chat_id)

    async def _handle(self, request: web.Request) -> web.Response:
        prefix = f"bot{self.token}/"
        path = request.match_info["path"]
        if not path.startswith(prefix):
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = path.removeprefix(prefix)
        body = await request.json() if request.can_read_body else {}
        self.calls.append((method, body))
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return web.json_response(await handler(body), dumps=lambda v: json.dumps(v, ensure_ascii=False))

    async def _m_getMe(self, _body: dict[str, Any]) -> dict[str, Any]:  # noqa: N802 - Zalo's method name
        return {"ok": True, "result": self.BOT}

    async def _m_getUpdates(self, body: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        if self.webhook is not None:
            return {"ok": False, "error_code": 409, "description": "Conflict: webhook is active"}
        wait = min(float(body.get("timeout", 30)), self.hold_s)
        try:
            update = await asyncio.wait_for(self._updates.get(), wait)
        except TimeoutError:
            return {"ok": False, "error_code": 408, "description": "Request timeout"}
        return {"ok": True, "result": update}

    async def _m_setWebhook(self, body: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        secret = str(body.get("secret_token", ""))
        if not 8 <= len(secret) <= 256 or not str(body.get("url", "")).startswith("https://"):
            return {"ok": False, "error_code": 400, "description": "Bad Request"}
        self.webhook = body
        return {"ok": True, "result": {"url": body["url"], "updated_at": int(time.time() * 1000)}}

    async def _m_deleteWebhook(self, _body: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        self.webhook = None
        return {"ok": True, "result": {"url": "", "updated_at": int(time.time() * 1000)}}

    async def _m_sendMessage(self, body: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        text = body.get("text")
        if self.fail_sends:
            return {"ok": False, "error_code": 403, "description": self.fail_sends}
        if not isinstance(text, str) or not 1 <= len(text) <= 2000:
            return {"ok": False, "error_code": 400, "description": "text must be 1-2000 characters"}
        self.sent.append(body)
        return {"ok": True, "result": {"message_id": uuid.uuid4().hex, "date": int(time.time() * 1000)}}
