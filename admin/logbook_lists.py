"""The logbook's lists in the console (knowledge/logbook.yaml): kinds of dispute, how a case started, results;
checked with the rules of `hoagiai check` and applied when saved, like the communes page."""

from aiohttp import web

from admin.web import account_of, core_of, read_form, redirect, render, text_field
from bot.core.errors import DomainError
from bot.core.logbook_lists import LISTS, LOGBOOK_FILE
from bot.domain.logbook_lists import header_of, lists_from_form, lists_to_form, save_lists
from bot.storage import knowledge_repo


async def lists_page(request: web.Request) -> web.StreamResponse:
    lists = core_of(request).service.snapshot.knowledge.logbook
    return render(request, "logbook_lists.html", boxes=lists_to_form(lists))


async def lists_save(request: web.Request) -> web.StreamResponse:
    """Check the three boxes, store, publish at once (audited); a problem keeps what was typed and names the line."""
    form = await read_form(request)
    boxes = {which: text_field(form, which) for which in LISTS}
    core = core_of(request)
    current = await core.db.run(knowledge_repo.get_file, name=LOGBOOK_FILE)
    try:
        body = lists_from_form(boxes, header_of(current))
    except DomainError as exc:
        return render(request, "logbook_lists.html", status=400, boxes=boxes, error=exc.message)
    if await core.db.run(save_lists, body=body, actor=account_of(request).username):
        await core.refresh_knowledge()
    raise redirect("/admin/logbook-lists", "logbook-lists")
