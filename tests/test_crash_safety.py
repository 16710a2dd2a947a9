"""Nothing lost: kill the server (SIGKILL) in the middle of a burst; every question that got a reply is logged."""

import asyncio
import signal
from pathlib import Path

import aiohttp
from sqlmodel import select

from bot.storage.database import Database
from bot.storage.db import make_engine
from bot.storage.models import QuestionLog
from tests.support import free_port, start_server, wait_ready


async def test_sigkill_mid_burst_loses_no_answered_question(tmp_path: Path) -> None:
    port = free_port()
    server = start_server(tmp_path, port, HOAGIAI_RATE_PER_IP="0")  # a burst from one address, on purpose
    answered: list[str] = []
    try:
        await wait_ready(port)
        questions = [f"hòa giải viên có được trả thù lao không lần {i}" for i in range(200)]
        queue: asyncio.Queue[str] = asyncio.Queue()
        for q in questions:
            queue.put_nowait(q)

        async def worker(http: aiohttp.ClientSession, n: int) -> None:
            while not queue.empty():
                q = queue.get_nowait()
                try:
                    async with http.post(f"http://127.0.0.1:{port}/api/chat",
                                         json={"session": f"s{n}", "text": q}) as resp:
                        if resp.status == 200:
                            await resp.json()
                            answered.append(q)
                except (TimeoutError, aiohttp.ClientError):
                    return

        async def killer() -> None:
            while len(answered) < 80:
                await asyncio.sleep(0.005)
            server.send_signal(signal.SIGKILL)

        async with aiohttp.ClientSession() as http:
            await asyncio.gather(killer(), *(worker(http, n) for n in range(8)))
        server.wait(timeout=10)
        assert 80 <= len(answered) < 200, "the kill must land in the middle of the burst"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    restarted = start_server(tmp_path, port)
    try:
        await wait_ready(port)
        db = Database(make_engine(f"sqlite:///{tmp_path / 'hoagiai.db'}"))
        logged = set(db.call(lambda *, session: session.exec(select(QuestionLog.text)).all()))
        db.dispose()
        assert set(answered) <= logged
    finally:
        restarted.terminate()
        restarted.wait(timeout=10)
