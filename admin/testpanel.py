"""The test panel: ask a question as a mediator would and see the outcome, the top 5 candidates and their scores.

Nothing is logged: questions asked here do not reach the question log or the inbox.
"""

import time

from aiohttp import web

from admin.web import core_of, render
from bot.core import views

MAX_QUERY = 2000


async def test_panel(request: web.Request) -> web.StreamResponse:
    """Search the live index exactly as the bot does and show how it decided."""
    query = request.query.get("q", "")[:MAX_QUERY].strip()
    if not query:
        return render(request, "testpanel.html", query="", outcome=None)
    snapshot = core_of(request).service.snapshot
    started = time.perf_counter()
    outcome = snapshot.index.search(query)
    elapsed_ms = (time.perf_counter() - started) * 1000
    reply = views.answer_reply(outcome.hits[0].entry, snapshot.knowledge) if outcome.kind == "answer" else None
    return render(request, "testpanel.html", query=query, outcome=outcome, hits=outcome.hits[:5], reply=reply,
                  elapsed_ms=elapsed_ms, config=snapshot.index.config, version=snapshot.version)
