"""The article text on the web: each citation in the library links to /thu-vien/dieu-luat, and GET /api/articles,
over real HTTP on the bundled knowledge."""

import gzip
import html
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.core.kinds import kind_of
from bot.core.knowledge import BUNDLED_KNOWLEDGE

BUDGET = 50 * 1024
LAW_35 = {a["article"]: a for a in yaml.safe_load((BUNDLED_KNOWLEDGE / "articles" / "35-2013-qh13.yaml").read_text(
    encoding="utf-8"))}


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from bot.config import Settings

    data = tmp_path_factory.mktemp("articles")
    settings = Settings(_env_file=None, HOAGIAI_KNOWLEDGE_DIR=str(BUNDLED_KNOWLEDGE),  # type: ignore[call-arg]
                        HOAGIAI_DATA_DIR=str(data), HOAGIAI_USER_SALT="t")
    core = build_core(settings)
    yield core
    core.db.dispose()


@pytest.fixture
async def client(aiohttp_client, core):  # type: ignore[no-untyped-def]
    return await aiohttp_client(build_web_app(core))


def hrefs(page: str) -> list[str]:
    return [html.unescape(u) for u in re.findall(r'href="([^"]*)"', page)]


async def test_an_entry_page_links_each_bundled_citation_and_names_the_missing_ones(client) -> None:  # type: ignore[no-untyped-def]
    page = await (await client.get("/thu-vien/hoi-dap/van-ban-hoa-giai-thanh-ky-diem-chi")).text()
    assert '<a href="/thu-vien/dieu-luat?doc=35%2F2013%2FQH13&amp;dieu=24">điểm h khoản 2 Điều 24 Luật Hòa giải ở ' \
           'cơ sở</a>' in page
    unbundled = await (await client.get("/thu-vien/hoi-dap/hoa-giai-khong-thanh-co-duoc-thu-lao")).text()
    assert f"Điều 14 Nghị định 15/2014/NĐ-CP <span class=\"n\">{texts.LIBRARY_ARTICLE_NOT_BUNDLED}</span>" in unbundled
    assert "/thu-vien/dieu-luat?doc=56%2F2023%2FTT-BTC&dieu=3" in hrefs(unbundled)
    assert not any("dieu=14" in u for u in hrefs(unbundled))


async def test_every_article_link_of_every_published_entry_opens_its_article(client, core) -> None:  # type: ignore[no-untyped-def]
    kb = core.service.snapshot.knowledge
    targets = set()
    for entry in kb.published():
        page = await (await client.get(f"/thu-vien/{kind_of(entry.kind).slug}/{entry.id}")).text()
        found = {u for u in hrefs(page) if u.startswith("/thu-vien/dieu-luat?")}
        expected = {f"/thu-vien/dieu-luat?doc={quote(c.doc, safe='')}&dieu={c.article}" for c in entry.citations
                    if (c.doc, c.article) in kb.articles}
        assert found == expected, entry.id
        targets |= found
    for url in sorted(targets):
        assert (await client.get(url)).status == 200, url


async def test_the_article_page_shows_the_text_verbatim_its_source_and_who_cites_it(client) -> None:  # type: ignore[no-untyped-def]
    resp = await client.get("/thu-vien/dieu-luat?doc=35%2F2013%2FQH13&dieu=24")
    assert resp.status == 200 and resp.content_type == "text/html"
    page = await resp.text()
    assert "<h1>Điều 24. Hòa giải thành</h1>" in page and "Luật Hòa giải ở cơ sở — số 35/2013/QH13" in page
    paragraphs = [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", page)]
    assert [line for line in LAW_35[24]["text"].split("\n")] == [p for p in paragraphs if p in LAW_35[24]["text"]]
    assert f'href="{LAW_35[24]["source"]}"' in page
    assert "/thu-vien/hoi-dap/van-ban-hoa-giai-thanh-ky-diem-chi" in hrefs(page)
    weight = len(gzip.compress(page.encode()))
    css = next(u for u in hrefs(page) if ".css?v=" in u)
    weight += len(gzip.compress(await (await client.get(css)).read()))
    assert weight < BUDGET


async def test_a_document_number_with_vietnamese_letters_is_url_encoded(client) -> None:  # type: ignore[no-untyped-def]
    resp = await client.get(f"/thu-vien/dieu-luat?doc={quote('15/2014/NĐ-CP', safe='')}&dieu=17")
    assert resp.status == 200 and "Nghị định 15/2014/NĐ-CP" in await resp.text()


@pytest.mark.parametrize("query", ["doc=99%2F2099%2FQH99&dieu=1", "doc=31%2F2024%2FQH15&dieu=235",
                                   "doc=35%2F2013%2FQH13&dieu=99", "doc=35%2F2013%2FQH13&dieu=abc",
                                   "doc=35%2F2013%2FQH13", ""],
                         ids=["unknown-document", "not-bundled", "no-such-article", "not-a-number", "no-article",
                              "nothing"])
async def test_an_unknown_or_missing_article_page_is_the_librarys_404(client, query: str) -> None:  # type: ignore[no-untyped-def]
    resp = await client.get(f"/thu-vien/dieu-luat?{query}")
    assert resp.status == 404 and texts.LIBRARY_NOT_FOUND in await resp.text()


async def test_api_returns_one_article_as_json(client) -> None:  # type: ignore[no-untyped-def]
    resp = await client.get("/api/articles", params={"doc": "35/2013/QH13", "article": "9"})
    assert resp.status == 200 and resp.content_type == "application/json"
    assert await resp.json() == {"doc": "35/2013/QH13", "doc_title": "Luật Hòa giải ở cơ sở", "article": 9,
                                 "title": LAW_35[9]["title"], "text": LAW_35[9]["text"], "source": LAW_35[9]["source"]}
    decree = await (await client.get(f"/api/articles?doc={quote('15/2014/NĐ-CP', safe='')}&article=17")).json()
    assert decree["doc"] == "15/2014/NĐ-CP" and decree["article"] == 17 and decree["doc_title"].startswith("Nghị định")


@pytest.mark.parametrize(
    ("params", "field"),
    [({"doc": "99/2099/QH99", "article": "1"}, "doc"), ({"article": "1"}, "doc"),
     ({"doc": "31/2024/QH15", "article": "235"}, "article"), ({"doc": "35/2013/QH13", "article": "34"}, "article"),
     ({"doc": "35/2013/QH13", "article": "chín"}, "article"), ({"doc": "35/2013/QH13"}, "article")],
    ids=["unknown-document", "no-document", "not-bundled", "no-such-article", "not-a-number", "no-article"],
)
async def test_api_answers_404_with_error_and_field(client, params: dict[str, str], field: str) -> None:  # type: ignore[no-untyped-def]
    resp = await client.get("/api/articles", params=params)
    assert resp.status == 404
    body = await resp.json()
    assert set(body) == {"error", "field"} and body["field"] == field and body["error"]


def test_the_article_route_and_api_are_documented() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "/thu-vien/dieu-luat?doc=<number>&dieu=<article>" in readme and "GET /api/articles?doc=<number>" in readme
