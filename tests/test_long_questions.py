"""Real messages are long: a flood of 2,000-character stories must not stall the server for anyone else."""

import asyncio
from pathlib import Path

import aiohttp

from tests.support import free_port, start_server, wait_ready

STORY = ("Chào anh chị, nhà tôi ở bản Mòng, xã Chiềng Mai. Năm ngoái nhà ông Lò Văn Páo bên cạnh dời hàng rào lấn sang "
         "vườn nhà tôi gần 2 mét, con trâu nhà ông ấy lại hay sang ăn lúa nương, hai nhà cãi nhau mãi. Tổ hòa giải bản đã "
         "đến mấy lần nhưng chưa xong, vợ chồng ông ấy còn chửi bới, dọa kiện lên xã, lên tòa. ")


def long_question(n: int) -> str:
    return ((STORY * 20)[:1950] + f" Xin hỏi lần {n} tổ hòa giải phải làm gì?")[:2000]


async def test_sixty_long_questions_at_once_do_not_hold_up_healthz(tmp_path: Path) -> None:
    port = free_port()
    server = start_server(tmp_path, port, HOAGIAI_FLOOD_LIMIT="1000", HOAGIAI_RATE_PER_IP="100000")
    try:
        await wait_ready(port)
        order: list[str] = []
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}", connector=aiohttp.TCPConnector(limit=0)) as http:

            async def ask(n: int) -> int:
                async with http.post("/api/chat", json={"session": f"flood-{n}", "text": long_question(n)}) as resp:
                    await resp.read()
                    order.append("chat")
                    return resp.status

            async def look_up(n: int) -> int:  # the library's search box: no database work, only search
                async with http.get("/thu-vien/tim", params={"q": long_question(n)[:200]}) as resp:
                    await resp.read()
                    order.append("library")
                    return resp.status

            flood = [asyncio.create_task(ask(n)) for n in range(60)]
            flood += [asyncio.create_task(look_up(n)) for n in range(120)]
            await asyncio.sleep(0.2)  # every request has reached the server: their searches run or wait
            async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as own, own.get("/healthz") as health:
                assert health.status == 200  # its own connection: never queued behind the flood's in the client
                order.append("healthz")
            assert await asyncio.gather(*flood) == [200] * 180  # every question is answered
        # Searches run beside the event loop, so health is answered while most of the long questions are still being
        # read (60 of them are over a second of search work); with search on the loop it would wait behind every one
        # that reached the server before it.
        assert order[: order.index("healthz")].count("chat") < 40, order
    finally:
        server.terminate()
        server.wait(timeout=20)
