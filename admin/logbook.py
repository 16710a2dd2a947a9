"""The logbook in the console (issue 18): the province's statistics per commune and month (charts and tables like the
dashboard's, CSV and an .xlsx laid out like the Ministry's statistical form, and the same numbers as JSON through the
API), and a team leader's page with the team's records and yearly report (.docx).

Every number comes from bot.domain.logbook_report (the same as `hoagiai report`). Admins and editors see every
commune, staff every commune unless their account is scoped to some; leaders only their team's page. No export
carries a summary.
"""

import asyncio
import datetime as dt
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web

from admin import charts
from admin.api import ACCOUNT, authenticated_as
from admin.csvfile import csv_response
from admin.web import Console, account_of, core_of, render
from bot.core import texts
from bot.core.communes import Commune
from bot.core.docx_writer import DOCX_MIME
from bot.core.errors import Invalid
from bot.core.logbook_stats import FAILURE, SUCCESS, Statistics, statistics_json, table_header, table_row
from bot.core.logbook_xlsx import XLSX_MIME, render_xlsx
from bot.core.team_report import TeamReport, team_report_docx, team_report_text
from bot.core.vntime import local_today
from bot.domain.logbook_report import communes_for, period, reach, statistics, team_report, year_so_far
from bot.storage.accounts_repo import Account
from bot.web.errors import json_response

STATS_ROLES = frozenset({"admin", "editor", "staff"})
LEADERS = frozenset({"leader"})


def _period(request: web.Request, core: Console) -> tuple[dt.date, dt.date]:
    """?from=&to= (YYYY-MM-DD, inclusive); this year so far when both are left out."""
    start, end = request.query.get("from", "").strip(), request.query.get("to", "").strip()
    if not start and not end:
        return year_so_far(local_today(core.clock()))
    return period(start, end)


async def _statistics(request: web.Request, account: Account) -> Statistics:
    core = core_of(request)
    kb = core.service.snapshot.knowledge
    start, end = _period(request, core)
    wanted = communes_for(account, request.query.get("commune", "").strip() or None, kb.communes)
    return await core.db.run(statistics, start=start, end=end, lists=kb.logbook, communes=kb.communes,
                             commune_ids=wanted)


def _query(stats: Statistics, commune: str) -> str:
    return urllib.parse.urlencode({"from": stats.start.isoformat(), "to": stats.end.isoformat(),
                                   **({"commune": commune} if commune else {})})


async def stats_page(request: web.Request) -> web.StreamResponse:
    """Per commune and per month, with charts; the numbers as tables beside them."""
    account = account_of(request)
    kb = core_of(request).service.snapshot.knowledge
    commune = request.query.get("commune", "").strip()
    try:
        stats = await _statistics(request, account)
    except Invalid as exc:
        return render(request, "logbook_stats.html", status=400, error=exc.message, stats=None, query=dict(request.query),
                      choices=_choices(account, kb.communes), commune=commune)
    with_cases = [(c.name, c.tally.cases) for c in stats.communes if c.tally.cases]
    communes_chart = charts.horizontal_bars(
        sorted(with_cases, key=lambda x: -x[1])[:25], table_id="commune-numbers",
        label=texts.STATS_CHART_COMMUNES.format(start=_day(stats.start), end=_day(stats.end),
                                                total=stats.total.cases)) if with_cases else None
    names = list(texts.STATS_SERIES)
    months_chart = charts.stacked_bars(
        [m.strftime("%m/%Y") for m, _ in stats.months],
        [[t.by_result[SUCCESS] for _, t in stats.months], [t.by_result[FAILURE] for _, t in stats.months],
         [t.cases - t.by_result[SUCCESS] - t.by_result[FAILURE] for _, t in stats.months]],
        names, label=texts.STATS_CHART_MONTHS.format(start=_day(stats.start), end=_day(stats.end)),
        table_id="month-numbers")
    return render(request, "logbook_stats.html", stats=stats, query=dict(request.query), commune=commune,
                  choices=_choices(account, kb.communes), communes_chart=communes_chart, months_chart=months_chart,
                  colors=list(zip(names, charts.SERIES_COLORS, strict=True)), export=_query(stats, commune),
                  scoped=reach(account) is not None)


def _choices(account: Account, communes: Mapping[str, Commune]) -> list[tuple[str, str]]:
    allowed = reach(account)
    return [(cid, c.name) for cid, c in communes.items() if allowed is None or cid in allowed]


async def stats_csv(request: web.Request) -> web.StreamResponse:
    stats = await _statistics(request, account_of(request))
    rows = [table_row(c.name, c.tally, stats) for c in stats.communes]
    rows.append(table_row(texts.XLSX_TOTAL_ROW, stats.total, stats))
    return csv_response(table_header(stats, texts.STATS_COMMUNE, texts.STATS_TOTAL, texts.STATS_RATE), rows,
                        f"so-vu-viec-hoa-giai-{stats.start.isoformat()}-{stats.end.isoformat()}.csv")


async def stats_xlsx(request: web.Request) -> web.StreamResponse:
    stats = await _statistics(request, account_of(request))
    body = await asyncio.to_thread(render_xlsx, stats, made_on=local_today(core_of(request).clock()))
    name = f"so-vu-viec-hoa-giai-{stats.start.isoformat()}-{stats.end.isoformat()}.xlsx"
    return web.Response(body=body, content_type=XLSX_MIME,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


@authenticated_as(STATS_ROLES)
async def stats_api(request: web.Request) -> web.StreamResponse:
    """GET /admin/api/logbook?from=&to=&commune=: the JSON of `hoagiai report --format json`."""
    return json_response(statistics_json(await _statistics(request, request[ACCOUNT])))


async def _team(request: web.Request) -> TeamReport:
    core = core_of(request)
    kb = core.service.snapshot.knowledge
    start, end = _period(request, core)
    return await core.db.run(team_report, account=account_of(request), start=start, end=end, lists=kb.logbook,
                             communes=kb.communes)


async def team_page(request: web.Request) -> web.StreamResponse:
    """The leader's team: the records of the period and the report as the chat shows it."""
    try:
        report = await _team(request)
    except Invalid as exc:
        return render(request, "logbook_team.html", status=400, error=exc.message, report=None,
                      query=dict(request.query))
    return render(request, "logbook_team.html", report=report, text=team_report_text(report),
                  query={"from": report.start.isoformat(), "to": report.end.isoformat()})


async def team_docx(request: web.Request) -> web.StreamResponse:
    report = await _team(request)
    body = await asyncio.to_thread(team_report_docx, report, made_on=local_today(core_of(request).clock()))
    name = f"bao-cao-to-hoa-giai-{report.start.isoformat()}-{report.end.isoformat()}.docx"
    return web.Response(body=body, content_type=DOCX_MIME,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def api_routes() -> list[tuple[str, str, Callable[[web.Request], Awaitable[web.StreamResponse]]]]:
    return [("GET", "/api/logbook", stats_api)]
