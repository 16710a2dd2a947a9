"""Linking a console account to a Telegram or Zalo account, so that its owner may act on cases in the staff chats:
the console issues a one-time code (valid 10 minutes, only its hash stored) that the person sends to the bot as
`/lienket CODE`; the channel door redeems it (bot.storage.accounts_repo.redeem_link_code)."""

import datetime as dt

from aiohttp import web
from sqlmodel import Session

from admin.web import STAFF, account_of, core_of, render
from bot.core import texts
from bot.core.errors import Conflict, NotFound
from bot.storage import accounts_repo as repo
from bot.storage.audit_repo import write_audit
from bot.storage.models import utcnow


def issue_link_code(*, session: Session, username: str, actor: str, now: dt.datetime) -> str:
    """A new code for a staff or admin account (any older code stops working); audited, the code itself is not."""
    account = repo.get_user(session=session, username=username)
    if account is None or not account.active:
        raise NotFound(texts.ADMIN_USER_UNKNOWN, "username")
    if account.role not in STAFF:
        raise Conflict(texts.ADMIN_LINK_STAFF_ONLY, "username")
    code = repo.create_link_code(session=session, username=username, now=now)
    write_audit(session=session, actor=actor, action="user.link_code", target=username)
    return code


async def account_page(request: web.Request) -> web.StreamResponse:
    """My account: role, the Telegram/Zalo accounts linked to it, and the button that makes a link code."""
    me = account_of(request)
    links = (await core_of(request).db.run(repo.chat_links)).get(me.username, {})
    return render(request, "account.html", links=links, can_link=me.role in STAFF)


async def my_link_code(request: web.Request) -> web.StreamResponse:
    """"Tạo mã liên kết" for my own account."""
    return await _show_code(request, account_of(request).username)


async def user_link_code(request: web.Request) -> web.StreamResponse:
    """An administrator makes a link code for a staff account (to hand over in person)."""
    return await _show_code(request, request.match_info["username"])


async def _show_code(request: web.Request, username: str) -> web.Response:
    now = utcnow()
    code = await core_of(request).db.run(issue_link_code, username=username, actor=account_of(request).username,
                                         now=now)
    return render(request, "link_code.html", username=username, code=code, expires=now + repo.LINK_CODE_TTL,
                  howto=texts.ADMIN_LINK_CODE_HOWTO.format(code=code))
