"""The embeddable chat widget: GET /widget.js, and which sites may frame the chat page (HOAGIAI_WIDGET_ORIGINS).

A provincial website adds one `<script src="https://OUR-SERVER/widget.js" defer></script>`; the script draws a
floating button that opens the existing chat page (/) in an iframe. The chat page talks only to its own origin, so
the chat API needs no CORS; what keeps other sites out is `Content-Security-Policy: frame-ancestors` on the page.
"""

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from bot.core import texts
from bot.core.errors import BadSetting

SCRIPT_TEMPLATE = Path(__file__).parent / "templates" / "widget.js"
CHAT_PAGE = "/"  # served by the web chat door (bot/channels/webchat.py)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
ORIGIN_RE = re.compile(rf"^https?://(?:\*\.)?{_LABEL}(?:\.{_LABEL})*(?::\d{{1,5}})?$")


def parse_origins(value: str) -> tuple[str, ...]:
    """'https://a.gov.vn, https://*.b.gov.vn' -> ('https://a.gov.vn', 'https://*.b.gov.vn').

    Each origin goes verbatim into a Content-Security-Policy header, so anything that is not a plain origin
    (a path, a space, a ';') is refused at start-up instead of widening or breaking the policy.
    """
    origins: list[str] = []
    for item in value.split(","):
        origin = item.strip().rstrip("/").lower()
        if not origin:
            continue
        if not ORIGIN_RE.match(origin):
            raise BadSetting(texts.WIDGET_BAD_ORIGIN.format(value=item.strip()))
        origins.append(origin)
    return tuple(dict.fromkeys(origins))


def frame_ancestors(origins: tuple[str, ...]) -> str:
    return " ".join(("frame-ancestors 'self'", *origins))


def origin_allowed(origin: str, origins: tuple[str, ...]) -> bool:
    """Exact match, or a `scheme://*.domain[:port]` pattern matching a subdomain (as CSP matches it)."""
    if origin.lower() in origins:
        return True
    try:
        got = urlsplit(origin.lower())
        got_port = got.port
    except ValueError:  # a malformed Origin header (e.g. port 99999) is simply not allowed
        return False
    for pattern in origins:
        want = urlsplit(pattern)
        if want.hostname and want.hostname.startswith("*.") and got.hostname:
            same_place = got.scheme == want.scheme and got_port == want.port
            if same_place and got.hostname.endswith(want.hostname[1:]):
                return True
    return False


def render_script(origins: tuple[str, ...]) -> bytes:
    config = {
        "origins": list(origins),
        "open": texts.WIDGET_OPEN,
        "close": texts.WIDGET_CLOSE,
        "title": texts.WIDGET_FRAME_TITLE,
        "notAllowed": texts.WIDGET_NOT_ALLOWED,
    }
    source = SCRIPT_TEMPLATE.read_text(encoding="utf-8")
    return source.replace("__CONFIG__", json.dumps(config, ensure_ascii=False)).encode("utf-8")


def setup(app: web.Application, widget_origins: str) -> None:
    """`widget_origins`: HOAGIAI_WIDGET_ORIGINS, the sites that may frame the chat page."""
    origins = parse_origins(widget_origins)
    policy = frame_ancestors(origins)
    script = render_script(origins)
    etag = hashlib.sha256(script).hexdigest()[:16]

    async def widget_js(request: web.Request) -> web.Response:
        """The one script a provincial website adds to show the chat button."""
        headers = {
            "Cache-Control": "public, max-age=3600",
            "X-Content-Type-Options": "nosniff",
            "Cross-Origin-Resource-Policy": "cross-origin",
            "Vary": "Origin, Accept-Encoding",
        }
        origin = request.headers.get("Origin")
        if origin and origin_allowed(origin, origins):  # lets a site load it with `crossorigin` (e.g. for SRI)
            headers["Access-Control-Allow-Origin"] = origin
        if request.if_none_match and any(tag.value == etag for tag in request.if_none_match):
            return web.Response(status=304, headers=headers)
        response = web.Response(body=script, content_type="text/javascript", charset="utf-8", headers=headers)
        response.etag = etag
        response.enable_compression()
        return response

    async def set_frame_policy(request: web.Request, response: web.StreamResponse) -> None:
        # The chat page is webchat.py's; who may frame it is the widget's business, so the header is added here.
        if request.path == CHAT_PAGE and "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = policy

    app.router.add_get("/widget.js", widget_js)
    app.on_response_prepare.append(set_frame_policy)
