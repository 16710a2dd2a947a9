"""Linking a console account to a Telegram or Zalo account, so that its owner may act on cases in the staff chats:
the console issues a one-time code (valid 10 minutes, only its hash stored) that the person sends to the bot as
`/lienket CODE`; the channel door redeems it (bot.domain.staffchat.redeem_code)."""

from aiohttp import web

from admin.web import STAFF, account_of, core_of, render
from bot.core import texts
from bot.domain.staffchat import issue_link_code
from bot.storage import accounts_repo as repo
from bot.storage.models import utcnow


async def account_page(request: web.Request) -> web.StreamResponse:
    """My account: role, the Telegram/Zalo accounts linked to it, and the button that makes a link code."""
    me = account_of(request)
    links = (await core_of(request).db.run(repo.chat_links)).get(me.username, {})
    return render(request, "account.html", links=links, can_link=me.role in STAFF or me.role == "leader")


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
