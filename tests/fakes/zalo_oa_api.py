"""A small fake Zalo OA on 127.0.0.1: the consultation-message API (/v3.0/oa/message/cs) and the OAuth refresh
endpoint (/v4/oa/access_token), with single-use refresh tokens and a switch that makes sends fail with error != 0;
and /media/<name>, where the recordings of `user_send_audio` events are fetched from."""

from typing import Any

from aiohttp import web

from tests.fakes.zalo_api import serve, wait_for


class FakeZaloOa:
    def __init__(self, app_id: str, app_secret: str, access_token: str, refresh_token: str) -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.valid_access = {access_token}
        self.valid_refresh = {refresh_token}  # single-use: a refresh token is spent when used
        self.issued = 1
        self.lifetime_s = 90000
        self.sent: list[dict[str, Any]] = []  # {"access_token", "user_id", "text"}
        self.refresh_calls: list[str] = []
        self.refuse: tuple[int, str] | None = None  # when set, every send answers HTTP 200 with this error
        self.media: dict[str, bytes] = {}  # what followers "recorded": served at /media/<name> like Zalo's CDN
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> "FakeZaloOa":
        app = web.Application()
        app.router.add_post("/v3.0/oa/message/cs", self._send)
        app.router.add_post("/v4/oa/access_token", self._refresh)
        app.router.add_get("/media/{name}", self._media)
        self._runner, self.port = await serve(app)
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def texts_to(self, user_id: str) -> list[str]:
        return [m["text"] for m in self.sent if m["user_id"] == user_id]

    async def wait_sent(self, user_id: str, count: int = 1, timeout: float = 10.0) -> list[str]:
        await wait_for(lambda: len(self.texts_to(user_id)) >= count, timeout, f"{count} OA message(s)")
        return self.texts_to(user_id)

    async def _send(self, request: web.Request) -> web.Response:
        token = request.headers.get("access_token", "")
        body = await request.json()
        if token not in self.valid_access:
            return web.json_response({"error": -216, "message": "Access token is invalid"})
        if self.refuse is not None:
            return web.json_response({"error": self.refuse[0], "message": self.refuse[1]})
        text = body["message"]["text"]
        if not 1 <= len(text) <= 2000:
            return web.json_response({"error": -201, "message": "text is too long"})
        self.sent.append({"access_token": token, "user_id": body["recipient"]["user_id"], "text": text})
        data = {"message_id": f"m{len(self.sent)}", "user_id": body["recipient"]["user_id"]}
        return web.json_response({"error": 0, "message": "Success", "data": data})

    def media_url(self, name: str, content: bytes) -> str:
        self.media[name] = content
        return f"{self.base_url}/media/{name}"

    async def _media(self, request: web.Request) -> web.Response:
        content = self.media.get(request.match_info["name"])
        if content is None:
            return web.Response(status=404)
        return web.Response(body=content, content_type="audio/aac")

    async def _refresh(self, request: web.Request) -> web.Response:
        form = await request.post()
        token = str(form.get("refresh_token", ""))
        self.refresh_calls.append(token)
        if request.headers.get("secret_key") != self.app_secret or form.get("app_id") != self.app_id:
            return web.json_response({"error": -14002, "error_name": "Invalid app", "error_description": "bad app"})
        if form.get("grant_type") != "refresh_token" or token not in self.valid_refresh:
            return web.json_response({"error": -14014, "error_name": "Invalid refresh token",
                                      "error_description": "Refresh token is invalid or already used"})
        self.valid_refresh.discard(token)
        self.issued += 1
        access, refresh = f"access-{self.issued}", f"refresh-{self.issued}"
        self.valid_access.add(access)
        self.valid_refresh.add(refresh)
        return web.json_response({"access_token": access, "refresh_token": refresh, "expires_in": str(self.lifetime_s)})
