"""The public library under /thu-vien/: read-only pages of the published knowledge, search, printable leaflets.

Every page reads one knowledge snapshot (`knowledge.snapshot`) and shows only published entries; a draft, an
archived entry or an unknown id is a 404. Pages are plain server-rendered HTML with one small stylesheet, no
third-party host and (except a few bytes for the print button) no JavaScript, so they stay small on 3G.
Searches here are not written to the question log: the log is for questions put to the assistant.
"""

import asyncio
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.core import articles, texts, views
from bot.core.errors import NotFound
from bot.core.kinds import KINDS, kind_of
from bot.core.knowledge import Entry, KnowledgeBase, Topic
from bot.core.render import citation_line, cited_articles
from bot.core.search import Hit
from bot.core.service import KnowledgeService
from bot.web import library_pdf
from bot.web.client import AddressLimiter
from bot.web.widget import frame_ancestors, parse_origins

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates" / "library"
STATIC = HERE / "static"
ROOT = "/thu-vien/"
ID = r"{id:[a-z0-9]+(?:-[a-z0-9]+)*}"
MAX_QUERY = 200
ASSETS = {"library.css": "text/css", "library.js": "text/javascript"}


def entry_href(entry: Entry) -> str:
    return f"{ROOT}{kind_of(entry.kind).slug}/{entry.id}"


def article_href(doc: str, article: int) -> str:
    """/thu-vien/dieu-luat?doc=35%2F2013%2FQH13&dieu=24: the document number exactly as in documents.yaml."""
    return f"{ROOT}dieu-luat?doc={quote(doc, safe='')}&dieu={article}"


@dataclass(frozen=True)
class CitedArticle:
    text: str  # "điểm h khoản 2 Điều 24 Luật Hòa giải ở cơ sở"
    href: str | None  # None when its text is not bundled (or a whole document is cited)


def cited_links(entry: Entry, kb: KnowledgeBase) -> list[CitedArticle]:
    """Each article the entry cites, linked to its page when its text is bundled."""
    return [CitedArticle(text, article_href(c.doc, c.article) if c.article is not None
                         and (c.doc, c.article) in kb.articles else None)
            for c, text in cited_articles(entry.citations, kb.documents)]


def citing(kb: KnowledgeBase, doc: str, article: int) -> list[Entry]:
    """The published entries that cite this article, by title."""
    found = [e for e in kb.published() if any(c.doc == doc and c.article == article for c in e.citations)]
    return sorted(found, key=lambda e: e.title)


def published(kb: KnowledgeBase, entry_id: str, kind: str | None = None) -> Entry | None:
    entry = kb.entries.get(entry_id)
    if entry is None or entry.status != "published" or (kind is not None and entry.kind != kind):
        return None
    return entry


@dataclass(frozen=True)
class TopicNode:
    topic: Topic
    count: int
    children: tuple["TopicNode", ...]


def topic_tree(kb: KnowledgeBase, parent: str | None = None) -> list[TopicNode]:
    """The topics under `parent` (None: the top level) with their subtopics and counts of published entries.

    A parent's count includes its children's entries (as in the chat menus); empty topics are left out.
    """
    nodes = (TopicNode(t, len(views.entries_in_topic(kb, t.id, set(KINDS))), tuple(topic_tree(kb, t.id)))
             for t in kb.topics.values() if t.parent == parent)
    return [n for n in nodes if n.count]


@dataclass(frozen=True)
class Block:
    kind: Literal["p", "ul", "h"]
    lines: tuple[str, ...]


def blocks(text: str) -> list[Block]:
    """Plain knowledge text as HTML-ready blocks: one paragraph per line, bullet runs ('•', '- ') as one list,
    and the capitalised section lines of leaflets ('1. NHẬN VIỆC') as headings."""
    out: list[Block] = []
    for line in (raw.strip() for raw in text.split("\n")):
        if not line:
            continue
        if line.startswith(("•", "- ")):
            items = out.pop().lines if out and out[-1].kind == "ul" else ()
            out.append(Block("ul", (*items, line[1:].strip())))
        else:
            out.append(Block("h" if library_pdf.is_heading(line) else "p", (line,)))
    return out


def page_response(widget_origins: str) -> Callable[..., web.Response]:
    """An HTML page of the library (or the player page): its security headers, compressed, cacheable briefly."""
    policy = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; media-src 'self'; "
              f"form-action 'self'; base-uri 'none'; {frame_ancestors(parse_origins(widget_origins))}")

    def html(text: str, status: int = 200) -> web.Response:
        response = web.Response(text=text, status=status, content_type="text/html", charset="utf-8", headers={
            "Content-Security-Policy": policy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "Cache-Control": "public, max-age=300" if status == 200 else "no-cache",
            "Vary": "Accept-Encoding",  # compressed or not: shared caches must keep both
        })
        response.enable_compression()
        return response

    return html


class Pages:
    """Renders the library templates with the helpers they share."""

    def __init__(self, asset_urls: dict[str, str]) -> None:
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(texts=texts, kinds=tuple(KINDS), kind_labels={k.name: k.label for k in KINDS.values()},
                                root=ROOT, assets=asset_urls,
                                href=entry_href, blocks=blocks, vn_date=library_pdf.vn_date)

    def render(self, name: str, kb: KnowledgeBase, **context: Any) -> str:
        def cite(entry: Entry) -> str:
            return citation_line(entry.citations, kb.documents)

        def laws(entry: Entry) -> list[CitedArticle]:
            return cited_links(entry, kb)

        return self.env.get_template(name).render(kb=kb, cite=cite, laws=laws, **context)


def asset_urls() -> dict[str, str]:
    """Versioned URLs, so the files can be cached for a year and still change on the next release."""
    return {name: f"{ROOT}{name}?v={hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]}" for name in ASSETS}


def setup(app: web.Application, knowledge: KnowledgeService, widget_origins: str,
          fonts: Sequence[library_pdf.PdfFonts] = library_pdf.FONT_CANDIDATES,
          limiter: AddressLimiter | None = None) -> None:
    """Register /thu-vien/…; the PDF uses the first of `fonts` present (none present: PDF answers 503). Searches count
    against the client address's limit (`limiter`, shared with the chat API)."""
    pdf_fonts = library_pdf.find_fonts(fonts)
    pages = Pages(asset_urls())
    html = page_response(widget_origins)

    def not_found(kb: KnowledgeBase) -> web.Response:
        return html(pages.render("not_found.html", kb, title=texts.LIBRARY_NOT_FOUND), status=404)

    async def home(_request: web.Request) -> web.Response:
        """Topics as a tree with counts, the leaflets and skits, and the search box."""
        kb = knowledge.snapshot.knowledge
        entries = kb.published()
        counts = {k: sum(1 for e in entries if e.kind == k) for k in KINDS}
        by_title = sorted(entries, key=lambda e: e.title)
        return html(pages.render("home.html", kb, title=texts.LIBRARY_TITLE, tree=topic_tree(kb), counts=counts,
                                 leaflets=[e for e in by_title if e.kind == "leaflet"],
                                 skits=[e for e in by_title if e.kind == "skit"]))

    async def topic(request: web.Request) -> web.Response:
        """One topic: its subtopics and its published entries, grouped by kind."""
        kb = knowledge.snapshot.knowledge
        found = kb.topics.get(request.match_info["id"])
        entries = views.entries_in_topic(kb, found.id, set(KINDS)) if found else []
        if found is None or not entries:
            return not_found(kb)
        groups = {k: [e for e in entries if e.kind == k] for k in KINDS}
        subtopics = topic_tree(kb, found.id)
        parent = kb.topics.get(found.parent) if found.parent else None
        return html(pages.render("topic.html", kb, title=found.title, topic=found, parent=parent, groups=groups,
                                 subtopics=subtopics))

    def entry_view(kind: str) -> Callable[[web.Request], Any]:
        async def view(request: web.Request) -> web.Response:
            """One published entry in full, with its citation line and review date."""
            kb = knowledge.snapshot.knowledge
            entry = published(kb, request.match_info["id"], kind)
            if entry is None:
                return not_found(kb)
            a5 = kind_of(kind).printable and request.query.get("kho") == "a5"
            related = [r for r in (published(kb, i) for i in entry.related) if r is not None]
            topics = [kb.topics[t] for t in entry.topics if t in kb.topics]
            return html(pages.render("entry.html", kb, title=entry.title, entry=entry, kind=kind_of(kind), related=related,
                                     topics=topics, a5=a5, has_pdf=pdf_fonts is not None))

        return view

    def printable_pdf(kind: str) -> Callable[[web.Request], Any]:
        async def pdf(request: web.Request) -> web.Response:
            """A printable entry (a leaflet) as a one-page PDF (A4, or A5 with ?kho=a5), to download and print."""
            return await leaflet_pdf(request, kind)

        return pdf

    async def leaflet_pdf(request: web.Request, kind: str) -> web.Response:
        kb = knowledge.snapshot.knowledge
        entry = published(kb, request.match_info["id"], kind)
        if entry is None:
            return not_found(kb)
        if pdf_fonts is None:
            return web.Response(text=texts.LIBRARY_PDF_UNAVAILABLE, status=503, headers={"Retry-After": "3600"})
        paper = "a5" if request.query.get("kho") == "a5" else "a4"
        # fpdf2 takes ~0.1 s of CPU: keep it off the event loop
        body = await asyncio.to_thread(library_pdf.leaflet_pdf, entry, kb, pdf_fonts, paper)
        name = f"{entry.id}{'-a5' if paper == 'a5' else ''}.pdf"
        return web.Response(body=body, content_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "public, max-age=300"})

    async def search(request: web.Request) -> web.Response:
        """Search with the assistant's engine; the outcome and results are shown, nothing is logged."""
        snapshot = knowledge.snapshot
        query = request.query.get("q", "").strip()[:MAX_QUERY]
        outcome_kind: str | None = None
        hits: list[Hit] = []
        if query and limiter is not None and not limiter.allow(request):
            limited = html(pages.render("search.html", snapshot.knowledge, title=texts.LIBRARY_SEARCH, query=query,
                                        outcome=None, hits=[], limited=True), status=429)
            limited.headers["Retry-After"] = "60"
            return limited
        if query:
            outcome = await knowledge.search_async(query)
            outcome_kind = outcome.kind
            if outcome.kind != "none":
                hits = [h for h in outcome.hits if published(snapshot.knowledge, h.entry.id)]
        title = texts.LIBRARY_SEARCH_TITLE.format(query=query) if query else texts.LIBRARY_SEARCH
        return html(pages.render("search.html", snapshot.knowledge, title=title, query=query, outcome=outcome_kind,
                                 hits=hits, limited=False))

    def asset(name: str) -> Callable[[web.Request], Any]:
        body = (STATIC / name).read_bytes()

        async def serve(_request: web.Request) -> web.Response:
            response = web.Response(body=body, content_type=ASSETS[name], charset="utf-8", headers={
                "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff",
                "Vary": "Accept-Encoding"})
            response.enable_compression()
            return response

        return serve

    async def article(request: web.Request) -> web.Response:
        """One bundled article, verbatim, with its source and the published entries that cite it."""
        kb = knowledge.snapshot.knowledge
        try:
            document, found = articles.find(kb, request.query.get("doc", ""), request.query.get("dieu", ""))
        except NotFound:
            return not_found(kb)
        title = texts.LIBRARY_ARTICLE_TITLE.format(article=found.number, title=found.title)
        return html(pages.render("article.html", kb, title=f"{title} — {document.short}", heading=title,
                                 document=document, article=found, citing=citing(kb, document.doc, found.number)))

    async def unknown(_request: web.Request) -> web.Response:
        """An old or mistyped address under /thu-vien/: the library's own 404 page."""
        return not_found(knowledge.snapshot.knowledge)

    async def to_root(_request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently(ROOT)

    app.router.add_get("/thu-vien", to_root)
    app.router.add_get(ROOT, home)
    app.router.add_get(f"{ROOT}tim", search)
    app.router.add_get(f"{ROOT}chu-de/{ID}", topic)
    app.router.add_get(f"{ROOT}dieu-luat", article)
    for kind in KINDS.values():
        if kind.printable:
            app.router.add_get(f"{ROOT}{kind.slug}/{ID}.pdf", printable_pdf(kind.name))
        app.router.add_get(f"{ROOT}{kind.slug}/{ID}", entry_view(kind.name))
    for name in ASSETS:
        app.router.add_get(f"{ROOT}{name}", asset(name))
    app.router.add_get(ROOT + "{tail:.*}", unknown)  # last: only what no route above matched

