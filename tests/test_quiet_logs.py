"""The server's log stays readable: a leaflet PDF download writes no font-subsetting chatter."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import aiohttp

from tests.conftest import write_knowledge
from tests.support import free_port, wait_ready

LEAFLET = {"id": "to-gap-thu", "title": "Tờ gấp: các bước hòa giải", "alt_questions": ["các bước hòa giải"],
           "body": "Bước 1. Tìm hiểu vụ việc.\nBước 2. Gặp từng bên.\nBước 3. Hòa giải, lập văn bản nếu thành.",
           "topics": ["tien-hanh-hoa-giai"], "citations": [{"doc": "35/2013/QH13", "article": 20}], "sources": [],
           "reviewed": dt.date(2026, 11, 27), "status": "published"}


async def test_a_pdf_download_adds_no_font_subsetting_lines_to_the_log(tmp_path: Path) -> None:
    knowledge = write_knowledge(tmp_path / "knowledge", [("leaflet", LEAFLET)])
    port = free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(tmp_path / "data"), "HOAGIAI_PORT": str(port),
           "HOAGIAI_USER_SALT": "s", "HOAGIAI_KNOWLEDGE_DIR": str(knowledge), "NO_PROXY": "127.0.0.1,localhost"}
    env.pop("DATABASE_URL", None)
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env, stdout=out, stderr=out)
        try:
            await wait_ready(port)
            async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
                library = await (await http.get("/thu-vien/")).text()
                leaflet = re.search(r'href="(/thu-vien/to-gap/[a-z0-9-]+)"', library)
                assert leaflet, "the library lists a leaflet"
                before = log.read_text(encoding="utf-8").count("\n")
                for query in ("", "?kho=a5"):
                    resp = await http.get(f"{leaflet.group(1)}.pdf{query}")
                    assert resp.status == 200 and (await resp.read()).startswith(b"%PDF")
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    lines = log.read_text(encoding="utf-8").splitlines()[before:]
    assert not [line for line in lines if "fontTools" in line], lines[:5]
    assert len(lines) <= 6, lines  # at most a line or so per request (and the shutdown)
