""""📖 Xem thêm" of a long entry comes in pages that fit the channel, and every page ends with its "Căn cứ" line
(which the web chat styles as the citation): over the web chat API with the bundled knowledge."""

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.core.render import citation_line

LONG = "chia-tai-san-khi-ly-hon"  # one of the longest scenarios: its long form is over 5,000 characters


async def test_every_page_of_a_long_read_more_ends_with_the_citation_line(aiohttp_client, settings_for) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for())
    client = await aiohttp_client(build_web_app(core))
    kb = core.service.snapshot.knowledge
    line = citation_line(kb.entries[LONG].citations, kb.documents)
    pages: list[str] = []
    action = f"m:{LONG}:1"
    while action:
        resp = await client.post("/api/chat", json={"session": "more", "action": action})
        (reply,) = (await resp.json())["replies"]
        pages.append(reply["text"])
        assert len(reply["text"]) <= 4000
        action = next((b["action"] for b in reply["buttons"] if b["label"].startswith("Xem tiếp ▶")), "")
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        *_, marker, blank, last = text.split("\n")
        assert last == line and blank == "" and marker == texts.MORE_PAGE.format(page=n, pages=len(pages))
    data = kb.entries[LONG].data
    read = "\n".join(pages)
    assert all(part in read for field in ("situation", "analysis") for part in data[field].split("\n"))  # nothing cut
    await core.close()
