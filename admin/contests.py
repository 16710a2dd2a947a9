"""Contests in the console: the list, the form that creates one (a fixed list of quiz items, start and end in
Vietnam time, seconds per question) and each contest's ranking, also as CSV."""

from aiohttp import web

from admin.csvfile import csv_response
from admin.web import account_of, core_of, read_form, redirect, render, text_field
from bot.core import texts
from bot.core.errors import DomainError, NotFound
from bot.core.quiz import quiz_items
from bot.core.training_ports import ContestInfo
from bot.domain.contests import create_contest, ranking_rows
from bot.domain.contests import read_form as read_contest
from bot.storage import contest_repo
from bot.web.errors import status_of
from bot.web.params import MAX_ID, bounded

FIELDS = ("code", "title", "items", "starts_at", "ends_at", "seconds")


async def contests_page(request: web.Request) -> web.StreamResponse:
    """Every contest, newest first, and the form for a new one."""
    return await _page(request, {"seconds": "30"})


async def _page(request: web.Request, values: dict[str, str], status: int = 200, error: str | None = None,
                field: str | None = None) -> web.StreamResponse:
    core = core_of(request)
    contests = await core.db.run(contest_repo.all_contests)
    items = quiz_items(core.service.snapshot.knowledge)
    return render(request, "contests.html", status=status, contests=contests, values=values, error=error,
                  field=field, items=items, now=core.clock())


async def create(request: web.Request) -> web.StreamResponse:
    form = await read_form(request)
    values = {name: text_field(form, name) for name in FIELDS}
    core = core_of(request)
    try:
        draft = read_contest(values, core.service.snapshot.knowledge)
        contest = await core.db.run(create_contest, draft=draft, actor=account_of(request).username)
    except DomainError as exc:
        return await _page(request, values, status=status_of(exc), error=exc.message, field=exc.field)
    raise redirect(f"/admin/contests/{contest.id}", "contest_created")


async def _contest(request: web.Request) -> ContestInfo:
    number = bounded(request.match_info["id"], 1, MAX_ID)
    contest = await core_of(request).db.run(contest_repo.by_id, contest_id=number) if number is not None else None
    if contest is None:
        raise NotFound(texts.ADMIN_CONTEST_UNKNOWN)
    return contest


async def contest_page(request: web.Request) -> web.StreamResponse:
    """The contest, its items and the ranking so far."""
    contest = await _contest(request)
    core = core_of(request)
    ranked = await core.db.run(contest_repo.ranking, contest_id=contest.id)
    kb = core.service.snapshot.knowledge
    return render(request, "contest.html", contest=contest, ranked=ranked, now=core.clock(),
                  titles={i: kb.entries[i].title if i in kb.entries else i for i in contest.items})


async def ranking_csv(request: web.Request) -> web.StreamResponse:
    contest = await _contest(request)
    ranked = await core_of(request).db.run(contest_repo.ranking, contest_id=contest.id)
    return csv_response(texts.ADMIN_CSV_RANKING_HEADER, ranking_rows(ranked), f"xep-hang-{contest.code}.csv")
