"""/sotodoi: a team leader reads the team's logbook in the chat (issue 18): the yearly report of Law 35/2013
Art. 15(5) (or the last six months) as a message and as a .docx.

Only a console account with the role `leader`, active, linked to this chat account (`hoagiai admin link`, or
`/lienket CODE`) gets it; the account's team (commune and village) decides which records count, never what is typed
here. Everyone else is told how a leader gets access. The document goes out like /vanban's: as a file where the
channel sends files, otherwise behind a one-time link.
"""

import asyncio
import datetime as dt
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from bot.core import texts
from bot.core.actions import Action, act
from bot.core.communes import Commune
from bot.core.context import Context
from bot.core.docx_writer import DOCX_MIME
from bot.core.logbook_lists import LogbookLists
from bot.core.messages import Button, Document, Reply, Turn
from bot.core.paperwork import DOWNLOAD_PATH, LINK_TTL, DocumentSink
from bot.core.team_report import TeamReport, team_report_docx, team_report_text
from bot.core.vntime import local_today

NAME = "team"
COMMAND = "/sotodoi"
HALF_YEAR_DAYS = 182


class TeamBook(Protocol):
    """The team of the leader linked to a chat account (storage implements it)."""

    async def leader_team(self, channel: str, raw_user_id: str) -> tuple[str, str] | None:
        """(commune id, village) of the active leader linked to this chat account, or None."""
        ...

    async def team_report(
        self, *, channel: str, raw_user_id: str, start: dt.date, end: dt.date, lists: LogbookLists | None,
        communes: Mapping[str, Commune],
    ) -> TeamReport | None:
        """The report of that leader's team for the period, or None when the sender is no linked leader."""
        ...


class TeamFlow:
    name = NAME
    commands: Sequence[str] = (COMMAND,)
    menu_buttons: Sequence[Button] = ()
    answer_buttons: Sequence[Button] = ()

    def __init__(self, book: TeamBook, sink: DocumentSink, clock: Callable[[], dt.datetime],
                 public_url: str | None = None) -> None:
        self.book = book
        self.sink = sink
        self.clock = clock
        self.base_url = (public_url or "").rstrip("/")

    async def command(self, ctx: Context, command: str) -> Turn:
        team = await self.book.leader_team(ctx.msg.channel, ctx.msg.user_id)
        if team is None:
            return Turn([Reply(texts.TEAM_NOT_LEADER)])
        commune = ctx.kb.communes.get(team[0])
        name = f"{team[1]}, {commune.name if commune else team[0]}"
        year = local_today(self.clock()).year
        buttons = (Button(texts.TEAM_THIS_YEAR_SO_FAR.format(year=year), act("td:y", year)),
                   Button(texts.TEAM_YEAR.format(year=year - 1), act("td:y", year - 1)),
                   Button(texts.TEAM_LAST_MONTHS, act("td:h")))
        return Turn([Reply(texts.TEAM_CHOOSE.format(team=name), buttons)])

    async def action(self, ctx: Context, action: Action) -> Turn:
        today = local_today(self.clock())
        if action.code == "td:h":
            start, end = today - dt.timedelta(days=HALF_YEAR_DAYS), today
        else:
            year = action.number(0)
            start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
            if start > today:
                return Turn([Reply(texts.EXPIRED_BUTTON)])
        report = await self.book.team_report(channel=ctx.msg.channel, raw_user_id=ctx.msg.user_id, start=start,
                                             end=end, lists=ctx.kb.logbook, communes=ctx.kb.communes)
        if report is None:
            return Turn([Reply(texts.TEAM_NOT_LEADER)])
        content = await asyncio.to_thread(team_report_docx, report, made_on=today)
        filename = f"bao-cao-to-hoa-giai-{start.isoformat()}-{end.isoformat()}.docx"
        by_link = not ctx.msg.sends_files
        token = secrets.token_urlsafe(24)
        now = self.clock()
        await self.sink.save_document(token=token, template="bao-cao-to-hoa-giai", filename=filename,
                                      content=content if by_link else None, expires_at=now + LINK_TTL)
        link = f"{self.base_url}{DOWNLOAD_PATH}{token}" if by_link else None
        note = texts.TEAM_DOC_LINK if by_link else texts.TEAM_DOC_FILE
        return Turn([Reply(team_report_text(report)),
                     Reply(note, document=Document(filename, content, DOCX_MIME, link))])

    async def text(self, ctx: Context, text: str) -> Turn | None:
        return None
