"""`hoagiai serve`: one aiohttp server for the web chat, the console and the channel webhooks."""

import asyncio
import logging
import signal
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from bot.app import build_core, build_web_app
from bot.config import Settings
from bot.core import texts

logger = logging.getLogger(__name__)


def serve(settings: Settings) -> int:
    asyncio.run(_serve(settings))
    return 0


async def _serve(settings: Settings) -> None:
    # Database calls run in worker threads and mostly wait on the network: the default pool (CPU count + 4) would
    # queue replies behind each other's commits, so allow as many threads as there are pooled connections.
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=20, thread_name_prefix="db"))
    core = await asyncio.to_thread(build_core, settings)
    app = build_web_app(core)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    await site.start()
    url = f"http://{settings.host}:{settings.port}/"
    logger.info(texts.SERVER_RUNNING_LOG, url)
    print(texts.SERVER_RUNNING.format(url=url), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()
