"""GET /api/articles?doc=<number>&article=<n>: the verbatim text of one bundled article as JSON.

{"doc", "doc_title", "article", "title", "text", "source"}; 404 {"error", "field"} when the document is not in
documents.yaml or the article's text is not bundled (the error middleware writes the body).
"""

from aiohttp import web

from bot.core import articles
from bot.core.service import KnowledgeService
from bot.web.errors import json_response


def setup(app: web.Application, knowledge: KnowledgeService) -> None:
    async def article(request: web.Request) -> web.Response:
        document, found = articles.find(knowledge.snapshot.knowledge, request.query.get("doc", ""),
                                        request.query.get("article", ""))
        return json_response(articles.article_json(document, found), headers={"Cache-Control": "public, max-age=300"})

    app.router.add_get("/api/articles", article)
