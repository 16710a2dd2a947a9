"""Request bodies and secret headers, read defensively before anything else looks at them.

Every JSON body (the web chat's /api/chat, the three webhooks, the console's API) goes through `read_json`: a body
over MAX_BODY bytes is refused (413) while it is being read, and one nested deeper than MAX_DEPTH levels is refused
(400) before the JSON parser sees it, so a crafted body can neither exhaust memory nor the parser's recursion.
`same_secret` compares a header with the expected secret as bytes, in constant time, and a header that is not plain
text (non-ASCII, undecodable) simply does not match.
"""

import hmac
import json
import re
from typing import Any

from aiohttp import web

from bot.core import texts
from bot.core.errors import Invalid, TooLarge

MAX_BODY = 64 * 1024
MAX_DEPTH = 32
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(rb"[\[\]{}]")


async def read_bounded(request: web.Request, limit: int = MAX_BODY) -> bytes:
    """The whole body, or TooLarge as soon as it is known to exceed `limit` bytes (declared or actually sent)."""
    if request.content_length is not None and request.content_length > limit:
        raise TooLarge(texts.API_TOO_LARGE)
    raw = bytearray()
    async for chunk in request.content.iter_chunked(16 * 1024):
        raw.extend(chunk)
        if len(raw) > limit:
            raise TooLarge(texts.API_TOO_LARGE)
    return bytes(raw)


def nesting_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text (brackets inside strings do not count); linear time."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', raw)):
        depth += 1 if match.group() in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def parse_json(raw: bytes, limit: int = MAX_DEPTH) -> Any:
    """The JSON value of a body; Invalid when it nests too deeply or is not JSON in UTF-8."""
    if nesting_depth(raw) > limit:
        raise Invalid(texts.API_TOO_DEEP.format(limit=limit))
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: bad JSON, or an integer of 5,000 digits
        raise Invalid(texts.API_BAD_JSON) from None


async def read_json(request: web.Request, limit: int = MAX_BODY) -> Any:
    """`read_bounded`, then `parse_json`: TooLarge (413) or Invalid (400), never a parser crash."""
    return parse_json(await read_bounded(request, limit))


def same_secret(given: str | None, expected: str | bytes) -> bool:
    """A header equals the expected secret (constant time); False for a missing or non-text header."""
    if given is None:
        return False
    try:
        given_bytes = given.encode("utf-8")
    except UnicodeEncodeError:  # a header aiohttp could only decode with surrogates
        return False
    wanted = expected.encode("utf-8") if isinstance(expected, str) else expected
    return hmac.compare_digest(given_bytes, wanted)
