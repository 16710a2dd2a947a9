"""The public library (/thu-vien/) and the chat widget over real HTTP, on the bundled knowledge plus a few drafts."""

import gzip
import html
import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from aiohttp import web
from sqlmodel import func, select

from bot.app import build_core, build_web_app
from bot.config import Settings
from bot.core.canonical import dump_entry
from bot.core.kinds import kind_of
from bot.core.knowledge import BUNDLED_KNOWLEDGE, KnowledgeBase
from bot.core.render import citation_line
from bot.core.schema import KIND_DIRS, KINDS
from bot.core.validation import load_knowledge
from bot.storage.models import QuestionLog
from bot.web import library, widget
from bot.web.library_pdf import FONT_CANDIDATES

SLUG = {"qa": "hoi-dap", "scenario": "tinh-huong", "leaflet": "to-gap", "skit": "tieu-pham", "quiz": "trac-nghiem"}
DRAFT_WORD = "Chimcongxanh"  # a word no published entry contains
BUDGET = 50 * 1024
WIDGET_HOST = "http://127.0.0.1:8765"
ENTRY_PATH = re.compile(r"/thu-vien/(hoi-dap|tinh-huong|to-gap|tieu-pham|trac-nghiem)/")


def _draft(kb: KnowledgeBase, kind: str, status: str = "draft") -> tuple[str, dict]:
    """A copy of a published entry of this kind under a new id, with a unique word in its title."""
    source = next(e for e in kb.published() if e.kind == kind)
    data = dict(source.data)
    data.update(id=f"ban-nhap-{SLUG[kind]}", status=status, related=[])
    if kind_of(kind).field("alt_questions"):
        data["alt_questions"] = [f"{DRAFT_WORD} {i} {kind}" for i in range(4)]
    data[kind_of(kind).title_field] = f"{DRAFT_WORD} bản nháp {kind}"
    return kind, data


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The bundled knowledge plus one draft of each kind, one archived entry, and a published entry linking a draft."""
    root = tmp_path_factory.mktemp("library") / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, root)
    kb = load_knowledge(root).knowledge
    extra = [_draft(kb, k) for k in KINDS]
    archived = _draft(kb, "qa", "archived")
    archived[1]["id"] = "luu-tru-hoi-dap"
    linking = dict(next(e for e in kb.published() if e.kind == "qa").data)
    linking.update(id="lien-ket-ban-nhap", question="Câu hỏi công khai có liên kết tới bản nháp?",
                   alt_questions=["lien ket ban nhap 1", "lien ket ban nhap 2", "lien ket ban nhap 3", "lien ket 4"],
                   related=["ban-nhap-hoi-dap", "hoa-giai-vien-la-ai"])
    for kind, data in [*extra, archived, ("qa", linking)]:
        (root / KIND_DIRS[kind] / f"{data['id']}.yaml").write_text(dump_entry(kind, data), encoding="utf-8")
    settings = Settings(_env_file=None, HOAGIAI_KNOWLEDGE_DIR=str(root),  # type: ignore[call-arg]
                        HOAGIAI_DATA_DIR=str(root.parent / "data"), HOAGIAI_USER_SALT="t",
                        HOAGIAI_WIDGET_ORIGINS=f"{WIDGET_HOST}, https://*.sonla.gov.vn")
    core = build_core(settings)
    yield core
    core.db.dispose()


@pytest.fixture
async def client(aiohttp_client, core):  # type: ignore[no-untyped-def]
    return await aiohttp_client(build_web_app(core))


@pytest.fixture
def kb(core) -> KnowledgeBase:  # type: ignore[no-untyped-def]
    return core.service.snapshot.knowledge


async def get_html(client, path: str, status: int = 200) -> str:  # type: ignore[no-untyped-def]
    resp = await client.get(path)
    assert resp.status == status, (path, resp.status)
    assert resp.content_type == "text/html"
    return await resp.text()


def links(page: str) -> list[str]:
    return [html.unescape(u) for u in re.findall(r'(?:href|src|action)="([^"]*)"', page)]


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


# --- pages ------------------------------------------------------------------------------------------------------------


async def test_home_shows_the_topic_tree_published_counts_and_a_labelled_search_box(client, kb) -> None:  # type: ignore[no-untyped-def]
    page = await get_html(client, "/thu-vien/")
    for kind in KINDS:
        count = sum(1 for e in kb.published() if e.kind == kind)
        assert re.search(rf"<strong>{count}</strong>", page), kind
    # a child topic is nested inside its parent's list item
    parent = re.search(r'<li><a href="/thu-vien/chu-de/tien-hanh-hoa-giai">.*?</li>\s*</ul>\s*</li>', page, re.S)
    assert parent and 'href="/thu-vien/chu-de/ky-nang"' in parent.group(0)
    assert '<label for="q">' in page and 'id="q" name="q"' in page and 'action="/thu-vien/tim"' in page
    leaflets = [e for e in kb.published() if e.kind == "leaflet"]
    assert all(f'href="/thu-vien/to-gap/{e.id}"' in page for e in leaflets)
    assert DRAFT_WORD not in page


async def test_topic_page_lists_its_published_entries_by_kind_and_no_drafts(client, kb) -> None:  # type: ignore[no-untyped-def]
    page = await get_html(client, "/thu-vien/chu-de/quy-dinh-chung")
    expected = {e.id for e in kb.published() if "quy-dinh-chung" in e.topics}
    shown = {u.rsplit("/", 1)[1] for u in links(page) if ENTRY_PATH.match(u)}
    assert shown == expected
    assert "<h2" in page and DRAFT_WORD not in page
    await get_html(client, "/thu-vien/chu-de/khong-co-chu-de-nay", 404)


async def test_parent_topic_includes_its_subtopics(client) -> None:  # type: ignore[no-untyped-def]
    page = await get_html(client, "/thu-vien/chu-de/tien-hanh-hoa-giai")
    assert 'href="/thu-vien/chu-de/ky-nang"' in page


@pytest.mark.parametrize("kind", KINDS)
async def test_each_entry_page_shows_its_content_citations_and_review_date(client, kb, kind: str) -> None:  # type: ignore[no-untyped-def]
    entry = next(e for e in kb.published() if e.kind == kind and e.citations)
    page = await get_html(client, f"/thu-vien/{SLUG[kind]}/{entry.id}")
    plain = text_of(page)
    assert entry.title in plain
    assert entry.answer.split("\n")[0].lstrip("•- ").strip() in plain
    assert citation_line(entry.citations, kb.documents) in plain
    assert entry.data["reviewed"].strftime("%d/%m/%Y") in plain
    assert re.search(r"<html lang=\"vi\">", page)


@pytest.mark.parametrize("kind", KINDS)
async def test_a_draft_is_not_found_on_any_route(client, kind: str) -> None:  # type: ignore[no-untyped-def]
    page = await get_html(client, f"/thu-vien/{SLUG[kind]}/ban-nhap-{SLUG[kind]}", 404)
    assert "chưa được công bố" in page and DRAFT_WORD not in page


async def test_archived_entries_unknown_ids_and_wrong_kinds_are_not_found(client) -> None:  # type: ignore[no-untyped-def]
    await get_html(client, "/thu-vien/hoi-dap/luu-tru-hoi-dap", 404)
    await get_html(client, "/thu-vien/hoi-dap/khong-ton-tai", 404)
    await get_html(client, "/thu-vien/to-gap/hoa-giai-vien-la-ai", 404)  # a Q&A id under the leaflet path
    await get_html(client, "/thu-vien/hoi-dap/Hoa_Giai", 404)  # not an id at all
    await get_html(client, "/thu-vien/trang-khong-co", 404)
    assert (await client.get("/thu-vien/to-gap/ban-nhap-to-gap.pdf")).status == 404


async def test_related_links_skip_unpublished_entries(client) -> None:  # type: ignore[no-untyped-def]
    page = await get_html(client, "/thu-vien/hoi-dap/lien-ket-ban-nhap")
    assert "/thu-vien/hoi-dap/hoa-giai-vien-la-ai" in links(page)
    assert not any(u.rsplit("/", 1)[-1].startswith("ban-nhap-") for u in links(page))


async def test_library_without_slash_redirects_to_the_home_page(client) -> None:  # type: ignore[no-untyped-def]
    resp = await client.get("/thu-vien", allow_redirects=False)
    assert resp.status == 301 and resp.headers["Location"] == "/thu-vien/"


# --- search -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "entry_path"),
    [("cac buoc tien hanh hoa giai", "/thu-vien/to-gap/to-gap-cac-buoc-hoa-giai"),
     ("hoa giai vien co duoc tra thu lao khong", "/thu-vien/hoi-dap/hoa-giai-vien-thu-lao-theo-vu-viec"),
     ("thach cuoi qua cao", "/thu-vien/tieu-pham/tieu-pham-thach-cuoi")],
    ids=["leaflet", "qa", "skit"],
)
async def test_search_without_diacritics_finds_the_entry(client, query: str, entry_path: str) -> None:  # type: ignore[no-untyped-def]
    page = await get_html(client, f"/thu-vien/tim?q={query.replace(' ', '+')}")
    found = [u for u in links(page) if ENTRY_PATH.match(u)]
    assert entry_path in found[:3]
    assert f"“{query}”" in text_of(page)  # the outcome line repeats the query
    assert f'value="{query}"' in page


async def test_confident_search_shows_the_answer_with_its_citation_first(client, kb) -> None:  # type: ignore[no-untyped-def]
    page = await get_html(client, "/thu-vien/tim?q=hoa+giai+vien+co+duoc+tra+thu+lao+khong")
    best = re.search(r'<li class="best">(.*?)</li>\s*(<li|</ol>)', page, re.S)
    assert best, "an answer outcome highlights the first result"
    entry = kb.entries["hoa-giai-vien-thu-lao-theo-vu-viec"]
    assert citation_line(entry.citations, kb.documents) in text_of(best.group(1))


async def test_search_with_nothing_found_says_so_and_offers_other_ways(client) -> None:  # type: ignore[no-untyped-def]
    plain = text_of(await get_html(client, "/thu-vien/tim?q=xyzzy+qwerty"))
    assert "Không tìm thấy nội dung phù hợp" in plain and "hỏi Trợ lý Hòa giải" in plain
    empty = text_of(await get_html(client, "/thu-vien/tim?q="))
    assert "có dấu hay không dấu" in empty


async def test_search_never_shows_drafts(client) -> None:  # type: ignore[no-untyped-def]
    page = await get_html(client, f"/thu-vien/tim?q={DRAFT_WORD}+ban+nhap")
    assert not any(u.rsplit("/", 1)[-1].startswith(("ban-nhap-", "luu-tru-")) for u in links(page))


async def test_library_search_is_not_written_to_the_question_log(client, core) -> None:  # type: ignore[no-untyped-def]
    def count() -> int:
        return core.db.call(lambda *, session: session.exec(select(func.count()).select_from(QuestionLog)).one())

    before = count()
    await get_html(client, "/thu-vien/tim?q=tieu+chuan+hoa+giai+vien")
    await get_html(client, "/thu-vien/tim?q=xyzzy")
    assert count() == before
    await client.post("/api/chat", json={"session": "lib1", "text": "tieu chuan hoa giai vien"})
    assert count() == before + 1  # the chat does log: the check above can see a row when one is written


# --- budget, hosts, accessibility -------------------------------------------------------------------------------------


def every_page(kb: KnowledgeBase) -> list[str]:
    paths = ["/thu-vien/", "/thu-vien/tim?q=hoa+giai", "/thu-vien/tim?q=xyzzy", "/thu-vien/hoi-dap/khong-co"]
    paths += [f"/thu-vien/chu-de/{t}" for t in kb.topics]
    paths += [f"/thu-vien/{SLUG[e.kind]}/{e.id}" for e in kb.published()]
    paths += [f"/thu-vien/to-gap/{e.id}?kho=a5" for e in kb.published() if e.kind == "leaflet"]
    paths += [library.article_href(doc, article) for doc, article in kb.articles]
    return paths


SOURCE_LINK = re.compile(r'<a class="source" href="https?://[^"]+" rel="external noopener noreferrer">https?://[^<]+</a>')


async def test_every_page_is_under_50_kb_gzipped_and_names_no_other_host(client, kb) -> None:  # type: ignore[no-untyped-def]
    assets: dict[str, bytes] = {}
    heaviest = (0, "")
    for path in every_page(kb):
        resp = await client.get(path)
        assert resp.status in (200, 404), path
        page = await resp.text()
        # No absolute URL, so no request to another host; an article page's source is a plain link to follow.
        assert not re.search(r"(?i)https?://", SOURCE_LINK.sub("", page)), path
        weight = len(gzip.compress(page.encode()))
        for url in links(SOURCE_LINK.sub("", page)):
            assert url.startswith(("/", "#")) and not url.startswith("//"), (path, url)
            if re.search(r"\.(css|js)\?v=", url):
                if url not in assets:
                    asset = await client.get(url)
                    assert asset.status == 200
                    assets[url] = await asset.read()
                weight += len(gzip.compress(assets[url]))
        heaviest = max(heaviest, (weight, path))
    assert heaviest[0] < BUDGET, heaviest
    assert any(".css?v=" in u for u in assets)  # the stylesheet was counted


async def test_pages_are_sent_compressed_with_a_strict_content_policy(client) -> None:  # type: ignore[no-untyped-def]
    resp = await client.get("/thu-vien/", headers={"Accept-Encoding": "gzip"})
    assert resp.headers.get("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in resp.headers["Vary"]
    policy = resp.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert f"frame-ancestors 'self' {WIDGET_HOST} https://*.sonla.gov.vn" in policy


@pytest.mark.parametrize("path", ["/thu-vien/", "/thu-vien/chu-de/dat-dai", "/thu-vien/to-gap/to-gap-cac-buoc-hoa-giai",
                                  "/thu-vien/tieu-pham/tieu-pham-thach-cuoi", "/thu-vien/tim?q=dat", "/thu-vien/x/y"])
async def test_pages_have_landmarks_a_skip_link_one_heading_and_labelled_inputs(client, path: str) -> None:  # type: ignore[no-untyped-def]
    page = await (await client.get(path)).text()
    assert '<html lang="vi">' in page
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in page, landmark
    assert re.search(r'<a class="skip" href="#noi-dung">', page) and 'id="noi-dung"' in page
    assert len(re.findall(r"<h1[ >]", page)) == 1
    for input_id in re.findall(r'<input[^>]* id="([^"]+)"', page):
        assert f'<label for="{input_id}">' in page


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize(("fg", "bg"), [("fg", "bg"), ("muted", "bg"), ("muted", "band"), ("accent", "bg"),
                                        ("accent-dark", "band"), ("on-accent", "accent"), ("on-accent", "accent-dark"),
                                        ("fg", "band")])
async def test_stylesheet_colour_pairs_meet_wcag_aa_contrast(client, fg: str, bg: str) -> None:  # type: ignore[no-untyped-def]
    css = (library.STATIC / "library.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):(#[0-9a-f]{6})", css))
    assert contrast(colours[fg], colours[bg]) >= 4.5


# --- leaflet PDF ------------------------------------------------------------------------------------------------------


@pytest.mark.fonts
@pytest.mark.parametrize(("query", "size"), [("", (595, 842)), ("?kho=a5", (420, 595))], ids=["A4", "A5"])
async def test_every_leaflet_downloads_as_a_one_page_pdf_with_its_title(client, kb, query: str, size) -> None:  # type: ignore[no-untyped-def]
    for entry in (e for e in kb.published() if e.kind == "leaflet"):
        resp = await client.get(f"/thu-vien/to-gap/{entry.id}.pdf{query}")
        assert resp.status == 200 and resp.content_type == "application/pdf"
        assert "attachment" in resp.headers["Content-Disposition"]
        body = await resp.read()
        assert body.startswith(b"%PDF")
        reader = pypdf.PdfReader(io.BytesIO(body))
        assert len(reader.pages) == 1, entry.id
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == size
        text = re.sub(r"\s+", " ", reader.pages[0].extract_text())
        assert entry.title in text and "Căn cứ:" in text
        assert entry.data["reviewed"].strftime("%d/%m/%Y") in text


async def test_without_a_unicode_font_the_pdf_is_refused_politely_and_printing_remains(aiohttp_client, core) -> None:  # type: ignore[no-untyped-def]
    app = web.Application()
    library.setup(app, core.service, core.settings.widget_origins, fonts=())
    client = await aiohttp_client(app)
    resp = await client.get("/thu-vien/to-gap/to-gap-cac-buoc-hoa-giai.pdf")
    assert resp.status == 503 and "PDF" in await resp.text()
    page = await get_html(client, "/thu-vien/to-gap/to-gap-cac-buoc-hoa-giai")
    assert ".pdf" not in page and "data-print" in page
    assert FONT_CANDIDATES[0].regular.name == "DejaVuSans.ttf"


# --- widget -----------------------------------------------------------------------------------------------------------


async def test_widget_script_is_javascript_with_cors_only_for_allowed_sites(client) -> None:  # type: ignore[no-untyped-def]
    allowed = await client.get("/widget.js", headers={"Origin": WIDGET_HOST})
    assert allowed.status == 200 and allowed.content_type == "text/javascript"
    assert allowed.headers["Access-Control-Allow-Origin"] == WIDGET_HOST
    script = await allowed.text()
    assert WIDGET_HOST in script and "Hỏi Trợ lý Hòa giải" in script and "__CONFIG__" not in script
    sub = await client.get("/widget.js", headers={"Origin": "https://sotuphap.sonla.gov.vn"})
    assert sub.headers["Access-Control-Allow-Origin"] == "https://sotuphap.sonla.gov.vn"
    other = await client.get("/widget.js", headers={"Origin": "https://evil.example"})
    assert other.status == 200 and "Access-Control-Allow-Origin" not in other.headers
    again = await client.get("/widget.js", headers={"If-None-Match": allowed.headers["ETag"]})
    assert again.status == 304


async def test_chat_page_may_be_framed_only_by_the_configured_origins(client) -> None:  # type: ignore[no-untyped-def]
    resp = await client.get("/")
    assert resp.status == 200
    assert resp.headers["Content-Security-Policy"] == f"frame-ancestors 'self' {WIDGET_HOST} https://*.sonla.gov.vn"


async def test_without_configured_origins_only_our_own_pages_may_frame_the_chat(aiohttp_client, settings_for,  # type: ignore[no-untyped-def]
                                                                                sample_knowledge: Path) -> None:
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    client = await aiohttp_client(build_web_app(core))
    resp = await client.get("/")
    assert resp.headers["Content-Security-Policy"] == "frame-ancestors 'self'"


def test_a_malformed_widget_origin_stops_the_server_from_starting(settings_for, sample_knowledge: Path) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge,
                                   HOAGIAI_WIDGET_ORIGINS="https://a.gov.vn; script-src *"))
    try:
        with pytest.raises(ValueError, match="HOAGIAI_WIDGET_ORIGINS"):
            build_web_app(core)
    finally:
        core.db.dispose()


@pytest.mark.parametrize("value", ["https://a.gov.vn/path", "https://a.gov.vn; script-src *", "*",
                                   "javascript:alert(1)", "a.gov.vn", "https://a.gov.vn https://b.gov.vn",
                                   "https://*", "https://a..vn"])
def test_anything_but_a_plain_origin_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="không phải một origin hợp lệ"):
        widget.parse_origins(f"https://ok.gov.vn, {value}")


@pytest.mark.parametrize(("origin", "allowed"), [
    ("https://sotuphap.sonla.gov.vn", True), ("https://a.b.sonla.gov.vn", True), ("https://sonla.gov.vn", False),
    ("http://sotuphap.sonla.gov.vn", False), ("https://evilsonla.gov.vn", False), (WIDGET_HOST, True),
    ("http://127.0.0.1:8766", False), ("http://127.0.0.1:99999", False)])
def test_widget_origin_patterns_match_like_csp(origin: str, allowed: bool) -> None:
    origins = widget.parse_origins(f" {WIDGET_HOST}/ , https://*.Sonla.gov.vn,")
    assert origins == (WIDGET_HOST, "https://*.sonla.gov.vn")
    assert widget.origin_allowed(origin, origins) is allowed
