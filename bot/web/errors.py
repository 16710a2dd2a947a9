"""Errors carry their HTTP status and a Vietnamese message; one middleware renders them, never a 500 page."""

import functools
import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ApiError(Exception):
    def __init__(self, message: str, field: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


# UTF-8 rather than \u escapes: Vietnamese text is half the bytes on a slow connection.
json_response = functools.partial(web.json_response, dumps=functools.partial(json.dumps, ensure_ascii=False))


def error_json(message: str, field: str | None, status: int) -> web.Response:
    return json_response({"error": message, "field": field}, status=status)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return error_json(exc.message, exc.field, exc.status)
    except web.HTTPRequestEntityTooLarge:
        return error_json("Nội dung gửi lên quá lớn.", None, 413)
    except web.HTTPException:
        raise
    except Exception:  # noqa: BLE001 - the one place that turns an unexpected failure into a polite answer
        logger.exception("unhandled error on %s %s", request.method, request.path)
        if request.path.startswith("/api/") or request.path.startswith("/admin/api/"):
            return error_json("Máy chủ đang gặp sự cố, xin thử lại sau ít phút.", None, 503)
        return web.Response(text="Máy chủ đang gặp sự cố, xin thử lại sau ít phút.", status=503)
