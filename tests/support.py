"""Helpers for tests that run the real server as a separate process."""

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

CHROMIUM = os.environ.get("HOAGIAI_CHROMIUM", "/usr/bin/chromium")  # scripts/system-deps.sh reads the same
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path, port: int, **env_extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(data_dir), "HOAGIAI_PORT": str(port), "HOAGIAI_USER_SALT": "s",
           "NO_PROXY": "127.0.0.1,localhost", **env_extra}
    if "DATABASE_URL" not in env_extra:
        env.pop("DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def wait_ready(port: int, timeout: float = 60.0) -> None:
    """Poll /readyz until the server answers 200 (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            try:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError("server did not become ready")


async def raw_post(host: str, port: int, path: str, headers: bytes, body: bytes) -> int:
    """A POST written byte by byte (aiohttp's client would not send a header that is not valid UTF-8); its status."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
                 b"application/json\r\nContent-Length: " + str(len(body)).encode() + b"\r\n" + headers + b"\r\n" + body)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    writer.close()
    return status


DEEP_JSON = b'{"update_id": 5, "x": ' + b"[" * 8000 + b"]" * 8000 + b"}"  # 16 KB, 8,000 levels
BIG_JSON = b'{"update_id": 6, "x": "' + b"a" * 70_000 + b'"}'  # over 64 KB
