"""Domain errors as HTTP answers, in one place: the status for each kind of error, and the JSON error body.

Operations raise bot.core.errors.DomainError without knowing who asked; this middleware turns one into
{"error": message, "field": name|null} with the status below, and an unexpected failure into a polite 503 (never a
500 page). The console's pages render the same errors as HTML with the same status (admin.web).
"""

import functools
import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.core import texts
from bot.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, TooLarge, Unauthorized, Unavailable

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Most specific first: the first class in an error's MRO found here decides.
STATUS: dict[type[DomainError], int] = {TooLarge: 413, Invalid: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404,
                                        Conflict: 409, Unavailable: 503}


def status_of(exc: DomainError) -> int:
    """The HTTP status of a domain error (400 for any kind not listed)."""
    return next((STATUS[c] for c in type(exc).__mro__ if c in STATUS), 400)


# UTF-8 rather than \u escapes: Vietnamese text is half the bytes on a slow connection.
json_response = functools.partial(web.json_response, dumps=functools.partial(json.dumps, ensure_ascii=False))


def error_json(message: str, field: str | None, status: int) -> web.Response:
    return json_response({"error": message, "field": field}, status=status)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except DomainError as exc:
        return error_json(exc.message, exc.field, status_of(exc))
    except web.HTTPRequestEntityTooLarge:
        return error_json(texts.API_TOO_LARGE, None, 413)
    except web.HTTPException:
        raise
    except Exception:  # noqa: BLE001 - the one place that turns an unexpected failure into a polite answer
        logger.exception("unhandled error on %s %s", request.method, request.path)
        if request.path.startswith("/api/") or request.path.startswith("/admin/api/"):
            return error_json(texts.SERVER_TROUBLE, None, 503)
        return web.Response(text=texts.SERVER_TROUBLE, status=503)
