"""Helpers for the console tests: accounts with a known password, and agents that use the console over real HTTP
like a browser does (own cookie jar, CSRF token read from the page)."""

import functools
import re
from typing import Any

import aiohttp
from aiohttp.test_utils import TestClient

from bot.domain import accounts
from bot.domain.passwords import hash_password
from bot.services import Services

PASSWORD = "mat-khau-thu-nghiem-1"
CSRF_RE = re.compile(r'name="_csrf" value="([^"]+)"')


@functools.cache
def password_hash() -> str:
    """Hashed once per test run: argon2 costs ~150 ms a hash."""
    return hash_password(PASSWORD)


def add_user(core: Services, username: str, role: str, *, must_change: bool = False) -> None:
    core.db.call(accounts.create_account, username=username, role=role, password_hash=password_hash(),
                 must_change=must_change, actor="test")


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


class Agent:
    """One person at the console with their own cookies."""

    def __init__(self, client: TestClient) -> None:  # type: ignore[type-arg]
        self.client = client
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""

    def url(self, path: str) -> str:
        return str(self.client.make_url(path))

    async def login(self, username: str, password: str = PASSWORD) -> aiohttp.ClientResponse:
        page = await self.http.get(self.url("/admin/login"))
        resp = await self.http.post(self.url("/admin/login"), data={
            "_csrf": csrf_of(await page.text()), "username": username, "password": password, "next": "/admin/"})
        html = await resp.text()
        if resp.status == 200 and "/login" not in resp.url.path:
            self.csrf = csrf_of(html)
        return resp

    async def get(self, path: str, **kw: Any) -> aiohttp.ClientResponse:
        return await self.http.get(self.url(path), **kw)

    async def post(self, path: str, data: Any = None, *, csrf: bool = True, **kw: Any) -> aiohttp.ClientResponse:
        """A form POST carrying the session's CSRF token (unless `csrf=False`)."""
        if isinstance(data, dict | type(None)):
            data = {**(data or {}), **({"_csrf": self.csrf} if csrf else {})}
        elif csrf:
            data = [*data, ("_csrf", self.csrf)]
        return await self.http.post(self.url(path), data=data, **kw)

    async def close(self) -> None:
        await self.http.close()


def entry_form(question: str, answer: str, *, alts: tuple[str, ...] = (), entry_id: str = "", article: int = 9,
               action: str = "publish", topic: str = "hoa-giai-vien", **extra: str) -> list[tuple[str, str]]:
    """The fields the Q&A form sends; keyword arguments replace single fields (e.g. reviewed="2020-01-15")."""
    single = {"kind": "qa", "id": entry_id, "question": question, "alt_questions": "\n".join(alts), "answer": answer,
              "topics": topic, "sources": "", "reviewed": "2026-11-20", "action": action, **extra}
    citations = [("cite_doc", "35/2013/QH13"), ("cite_article", str(article)), ("cite_clause", ""), ("cite_point", ""),
                 ("cite_doc", ""), ("cite_article", ""), ("cite_clause", ""), ("cite_point", "")]
    return [*single.items(), *citations]
