"""The logbook's numbers for the console, the CLI and the leaders (issue 18): one call reads the counts and builds
bot.core.logbook_stats.Statistics in one transaction; who may see which communes is decided here too.

A console account's reach: admins and editors see every commune; staff see every commune unless their account is
scoped to some (`--communes`); leaders see only their team, through the team report (bot.core.team_report).
"""

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlmodel import Session

from bot.core import texts
from bot.core.communes import Commune
from bot.core.errors import Forbidden, Invalid
from bot.core.logbook_lists import LogbookLists
from bot.core.logbook_stats import Statistics, build_statistics, parse_day
from bot.core.team_report import TeamReport, build_team_report
from bot.storage import accounts_repo, logbook_stats_repo
from bot.storage.accounts_repo import Account
from bot.storage.database import Database

MAX_DAYS = 3660  # ten years: a period longer than this is a typing mistake


def statistics(
    *, session: Session, start: dt.date, end: dt.date, lists: LogbookLists | None, communes: Mapping[str, Commune],
    commune_ids: Sequence[str] | None = None,
) -> Statistics:
    rows = logbook_stats_repo.count_rows(session=session, start=start, end=end, commune_ids=commune_ids)
    return build_statistics(rows, start=start, end=end, lists=lists, communes=communes, commune_ids=commune_ids)


def period(start_text: str, end_text: str) -> tuple[dt.date, dt.date]:
    """Two typed days (YYYY-MM-DD, inclusive); Invalid with a Vietnamese message otherwise."""
    start, end = parse_day(start_text), parse_day(end_text)
    if start is None:
        raise Invalid(texts.REPORT_BAD_DATE.format(value=start_text), "from")
    if end is None:
        raise Invalid(texts.REPORT_BAD_DATE.format(value=end_text), "to")
    if end < start:
        raise Invalid(texts.REPORT_BAD_ORDER, "to")
    if (end - start).days > MAX_DAYS:
        raise Invalid(texts.REPORT_TOO_LONG, "to")
    return start, end


def reach(account: Account | None) -> tuple[str, ...] | None:
    """The communes an account may see statistics of: None for all, () for none (leaders: only their team page)."""
    if account is None or account.role in ("admin", "editor"):
        return None
    if account.role == "staff":
        return account.communes or None
    return ()


def communes_for(
    account: Account | None, commune: str | None, communes: Mapping[str, Commune],
) -> list[str] | None:
    """The commune ids to count for this account and the commune it asked for (None: every commune).

    An unknown commune is Invalid; one outside the account's reach is Forbidden (a scoped staff account asking for
    another commune), and so is an account that sees no commune statistics at all."""
    allowed = reach(account)
    if allowed == ():
        raise Forbidden(texts.ADMIN_FORBIDDEN)
    if commune:
        if commune not in communes:
            raise Invalid(texts.REPORT_UNKNOWN_COMMUNE.format(value=commune), "commune")
        if allowed is not None and commune not in allowed:
            raise Forbidden(texts.REPORT_COMMUNE_FORBIDDEN)
        return [commune]
    return list(allowed) if allowed is not None else None


def team_report(
    *, session: Session, account: Account, start: dt.date, end: dt.date, lists: LogbookLists | None,
    communes: Mapping[str, Commune],
) -> TeamReport:
    """The leader's team report: only the records of the leader's own team (commune and village)."""
    if account.role != "leader" or not account.team_commune or not account.team_village:
        raise Forbidden(texts.ADMIN_FORBIDDEN)
    records = logbook_stats_repo.team_records(session=session, commune_id=account.team_commune,
                                              village=account.team_village, start=start, end=end)
    return build_team_report(records, commune=communes.get(account.team_commune), commune_id=account.team_commune,
                             village=account.team_village, start=start, end=end, lists=lists)


def year_so_far(today: dt.date, year: int | None = None) -> tuple[dt.date, dt.date]:
    """A calendar year: whole when past, up to today when current (the yearly report of Art. 15(5))."""
    year = year or today.year
    return dt.date(year, 1, 1), min(dt.date(year, 12, 31), today) if year == today.year else dt.date(year, 12, 31)


def _leader(*, session: Session, channel: str, raw_user_id: str) -> Account | None:
    account = accounts_repo.leader_for(session=session, channel=channel, external_id=raw_user_id)
    return account if account is not None and account.team_commune and account.team_village else None


def _chat_team_report(
    *, session: Session, channel: str, raw_user_id: str, start: dt.date, end: dt.date, lists: LogbookLists | None,
    communes: Mapping[str, Commune],
) -> TeamReport | None:
    account = _leader(session=session, channel=channel, raw_user_id=raw_user_id)
    if account is None:
        return None
    return team_report(session=session, account=account, start=start, end=end, lists=lists, communes=communes)


class TeamBook:
    """/sotodoi's view of the database (implements bot.core.team_flow.TeamBook): the leader linked to a chat account
    (bot.storage.accounts_repo.leader_for) and that leader's team report, one transaction each."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def leader_team(self, channel: str, raw_user_id: str) -> tuple[str, str] | None:
        account = await self.db.run(_leader, channel=channel, raw_user_id=raw_user_id)
        return (account.team_commune, account.team_village) if account and account.team_commune and \
            account.team_village else None

    async def team_report(
        self, *, channel: str, raw_user_id: str, start: dt.date, end: dt.date, lists: LogbookLists | None,
        communes: Mapping[str, Commune],
    ) -> TeamReport | None:
        return await self.db.run(_chat_team_report, channel=channel, raw_user_id=raw_user_id, start=start, end=end,
                                 lists=lists, communes=communes)
