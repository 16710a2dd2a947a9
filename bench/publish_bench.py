"""Publishing without restart: how long from "publish" in the console API until the running server answers with the
new content (target: under a second), with the bundled knowledge base, over real HTTP on loopback.

Also reports the parts: the publish request itself (write, version bump, index rebuild, swap) and, for a second
replica on the same database, the time until its version poll picks the change up.
"""

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build_core, build_web_app  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.domain import accounts  # noqa: E402
from bot.domain.passwords import hash_password  # noqa: E402

ROUNDS = 10


async def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="hoagiai-publish-"))
    settings = Settings(_env_file=None, HOAGIAI_DATA_DIR=str(data), HOAGIAI_USER_SALT="bench",  # type: ignore[call-arg]
                        HOAGIAI_REFRESH_INTERVAL="0.2")
    core = build_core(settings)
    core.db.call(accounts.create_account, username="bench", role="editor", password_hash=hash_password("x" * 12),
                 must_change=False, actor="bench")
    token, _ = core.db.call(accounts.create_api_token, username="bench", actor="bench")
    replica = build_core(settings)  # a second server process on the same database
    runner = web.AppRunner(build_web_app(core))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"
    await replica.start_background()
    publish_ms, answered_ms, replica_ms = [], [], []
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(base_url=base) as http:
        for i in range(ROUNDS):
            entry_id = f"bench-publish-{i}"
            question = f"Câu hỏi đo thời gian xuất bản số {i} về trâu bò lạc đàn mã {i * 7919}"
            body = {"kind": "qa", "id": entry_id, "question": question, "alt_questions": [],
                    "answer": "Câu trả lời dùng để đo.", "topics": ["dan-su-lang-xom"],
                    "citations": [{"doc": "35/2013/QH13", "article": 3}], "sources": [], "reviewed": "2026-11-27"}
            async with http.post("/admin/api/entries", json=body, headers=headers) as resp:
                assert resp.status == 201, await resp.text()
            started = time.perf_counter()
            async with http.post(f"/admin/api/entries/{entry_id}/publish", headers=headers) as resp:
                assert resp.status == 200, await resp.text()
            publish_ms.append((time.perf_counter() - started) * 1000)
            async with http.post("/api/chat", json={"session": "bench", "text": question}) as resp:
                reply = await resp.json()
            assert reply["results"] and reply["results"][0]["id"] == entry_id, reply
            answered_ms.append((time.perf_counter() - started) * 1000)
            while entry_id not in replica.service.snapshot.knowledge.entries:
                await asyncio.sleep(0.01)
            replica_ms.append((time.perf_counter() - started) * 1000)
    await replica.close()
    await runner.cleanup()
    entries = len(core.service.snapshot.knowledge.entries)
    print(f"publish → answered, {entries} entries, {ROUNDS} rounds:")
    for name, values in (("publish request (write + rebuild + swap)", publish_ms),
                         ("publish → web chat answers it", answered_ms),
                         ("publish → second replica serves it (poll 0.2 s)", replica_ms)):
        print(f"  {name:<50} p50 {statistics.median(values):7.1f} ms   max {max(values):7.1f} ms")
    verdict = "OK" if max(answered_ms) < 1000 else "OVER TARGET"
    print(f"target: answered within 1 s after publish -> {verdict}")


if __name__ == "__main__":
    asyncio.run(main())
