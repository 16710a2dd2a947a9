"""Training in the console: the per-commune × per-topic report of practice (with its CSV) and the list of communes
and villages mediators choose with /coso (communes.yaml, checked and applied when saved)."""

import datetime as dt

from aiohttp import web

from admin.csvfile import csv_response
from admin.web import account_of, core_of, read_form, redirect, render, text_field
from bot.core import texts
from bot.core.communes import COMMUNES_FILE
from bot.core.errors import DomainError
from bot.domain.communes import communes_from_form, communes_to_form, header_of, save_communes
from bot.domain.reports import Report, build_report
from bot.storage import knowledge_repo, training_repo
from bot.web.params import query_int

PERIODS = (30, 90, 365)


def _days(request: web.Request) -> int | None:
    days = query_int(request, "days", 1, max(PERIODS))
    return days if days in PERIODS else None


async def _report(request: web.Request) -> tuple[Report, int | None]:
    core = core_of(request)
    days = _days(request)
    since = core.clock() - dt.timedelta(days=days) if days else None
    cells = await core.db.run(training_repo.commune_topic_cells, since=since)
    return build_report(cells, core.service.snapshot.knowledge), days


async def report_page(request: web.Request) -> web.StreamResponse:
    """Communes as rows, topics as columns: how many practise and the share of right answers ("< 5" when few)."""
    report, days = await _report(request)
    return render(request, "training.html", report=report, days=days, periods=PERIODS)


async def report_csv(request: web.Request) -> web.StreamResponse:
    report, days = await _report(request)
    return csv_response(texts.ADMIN_CSV_TRAINING_HEADER, report.rows(),
                        f"on-luyen-theo-xa-{days}-ngay.csv" if days else "on-luyen-theo-xa.csv")


async def communes_page(request: web.Request) -> web.StreamResponse:
    communes = core_of(request).service.snapshot.knowledge.communes
    return render(request, "communes.html", value=communes_to_form(dict(communes)), count=len(communes))


async def communes_save(request: web.Request) -> web.StreamResponse:
    """Check the lines with the same rules as `hoagiai check`, store, publish at once (audited)."""
    form = await read_form(request)
    value = text_field(form, "communes")
    core = core_of(request)
    current = await core.db.run(knowledge_repo.get_file, name=COMMUNES_FILE)
    try:
        body = communes_from_form(value, header_of(current))
    except DomainError as exc:
        return render(request, "communes.html", status=400, value=value, error=exc.message,
                      count=len(core.service.snapshot.knowledge.communes))
    if await core.db.run(save_communes, body=body, actor=account_of(request).username):
        await core.refresh_knowledge()
    raise redirect("/admin/communes", "communes")
