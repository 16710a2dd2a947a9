"""A request id for every HTTP request: in the logs (bot.logs.request_id) and in the X-Request-Id header."""

import secrets

from aiohttp import web

from bot.logs import request_id
from bot.web.errors import Handler


@web.middleware
async def request_id_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    incoming = request.headers.get("X-Request-Id", "")
    rid = incoming if 0 < len(incoming) <= 64 and incoming.isascii() else secrets.token_hex(8)
    token = request_id.set(rid)
    try:
        response = await handler(request)
        response.headers["X-Request-Id"] = rid
        return response
    finally:
        request_id.reset(token)
