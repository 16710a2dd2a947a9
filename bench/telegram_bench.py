"""Telegram webhook benchmark: 100 simulated chats × 10 questions through the fake Bot API, on loopback.

The server runs as `hoagiai serve` in its own process (webhook mode, bundled knowledge, SQLite in a temporary
directory unless --database-url). This process plays Telegram: it POSTs each update to the webhook route with the
secret header and runs the fake Bot API that receives the bot's sendMessage calls. Each chat is a conversation that
starts at a random moment in the first --think seconds and sends its next question a random 1–3 s (--think) after
the previous answer (reading it, typing the next): 100 chats then offer about 50 updates/s, all chats at once. As
Telegram does after a timeout, a share of updates is delivered a second time (--redeliver), to check that no reply
is duplicated. `--think 0` is the saturation test instead: every chat fires its next question at once.

Latency = from the start of the update POST to the moment the fake API received the sendMessage for it.
Usage: python bench/telegram_bench.py [--chats 100] [--questions 10] [--think 1-3] [--redeliver 0.1]
                                      [--database-url URL]
"""

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.channels.telegram_webhook import SECRET_HEADER, route_path  # noqa: E402
from bot.core.danger import alarm  # noqa: E402
from bot.core.validation import load_knowledge  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram, wait_until  # noqa: E402
from tests.support import free_port  # noqa: E402

SECRET = "bench-secret"
TARGET_P95_MS = 200.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def questions(n: int, seed: int = 11) -> list[str]:
    """Real phrasings from the bundled knowledge (half of them typed without diacritics by their authors), except
    those that raise the emergency block: it comes as a message of its own before the answer, and the benchmark
    counts one reply per question."""
    kb = load_knowledge(ROOT / "knowledge").knowledge
    pool = sorted({q for e in kb.published() for q in e.alt_questions if not alarm(kb.lexicon.emergency, q)})
    return random.Random(seed).choices(pool, k=n)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), to report the server's cost per update."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(fake: FakeTelegram, port: int, data_dir: Path, database_url: str | None,
                 log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(data_dir), "HOAGIAI_PORT": str(port), "HOAGIAI_USER_SALT": "bench",
           "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
           "TELEGRAM_WEBHOOK_URL": "https://bench.invalid", "TELEGRAM_WEBHOOK_SECRET": SECRET,
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
           "HOAGIAI_RATE_PER_IP": "0"}  # the load test polls /api/chat from one address
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=out)


async def ready(port: int, server: subprocess.Popen[bytes], timeout: float = 120) -> bool:
    """Poll /readyz: setWebhook is called during start-up, before the server listens."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline and server.poll() is None:
            try:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as resp:
                    if resp.status == 200:
                        return True
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    return False


async def run_chat(http: aiohttp.ClientSession, fake: FakeTelegram, url: str, chat_id: int, texts: list[str],
                   think: tuple[float, float], redeliver: float, rng: random.Random, latencies: list[float],
                   statuses: list[int]) -> None:
    headers = {SECRET_HEADER: SECRET}
    await asyncio.sleep(rng.uniform(0, think[1]))
    for i, text in enumerate(texts):
        if i:
            await asyncio.sleep(rng.uniform(*think))
        update = fake.text_update(chat_id, text)
        started = time.monotonic()
        async with http.post(url, json=update, headers=headers) as resp:
            statuses.append(resp.status)
        if rng.random() < redeliver:  # Telegram delivering the same update again
            async with http.post(url, json=update, headers=headers) as resp:
                statuses.append(resp.status)
        try:  # answered inline before the 200, so this rarely has to wait
            await wait_until(lambda n=i: len(fake.sent_to(chat_id)) > n, timeout=10, what=f"reply {i} to {chat_id}")
        except TimeoutError:
            continue  # counted as lost below
        latencies.append((fake.sent_to(chat_id)[i].at - started) * 1000)


async def bench(chats: int, per_chat: int, think: tuple[float, float], redeliver: float,
                database_url: str | None) -> int:
    fake = await FakeTelegram().start()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        server = start_server(fake, port, Path(tmp), database_url, log)
        try:
            await wait_until(lambda: bool(fake.calls_to("setWebhook")) or server.poll() is not None, timeout=120,
                             what="the server to register its webhook")
            if server.poll() is not None or not await ready(port, server):
                print("the server did not start:\n" + log.read_text(errors="replace")[-3000:], file=sys.stderr)
                return 1
            url = f"http://127.0.0.1:{port}{route_path(fake.token)}"
            pool = questions(chats * per_chat)
            latencies: list[float] = []
            statuses: list[int] = []
            rng = random.Random(3)
            started, cpu_before = time.monotonic(), cpu_seconds(server.pid)
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=chats)) as http:
                await asyncio.gather(*(
                    run_chat(http, fake, url, 10_000 + c, pool[c * per_chat:(c + 1) * per_chat], think, redeliver,
                             rng, latencies, statuses)
                    for c in range(chats)))
            elapsed, server_cpu = time.monotonic() - started, cpu_seconds(server.pid) - cpu_before
        finally:
            server.terminate()
            server.wait(timeout=30)
            await fake.close()
    replies = {c: len(fake.sent_to(10_000 + c)) for c in range(chats)}
    lost = sum(max(0, per_chat - n) for n in replies.values())
    duplicated = sum(max(0, n - per_chat) for n in replies.values())
    total = chats * per_chat
    p50, p95, p99 = (percentile(latencies, p) for p in (50, 95, 99))
    print(f"telegram webhook benchmark: {chats} chats × {per_chat} questions = {total} updates "
          f"(+{len(statuses) - total} redelivered), think {think[0]:g}–{think[1]:g} s, "
          f"{'PostgreSQL' if database_url else 'SQLite'}, {elapsed:.1f} s, {total / elapsed:.0f} updates/s")
    print(f"update POST -> sendMessage: p50 {p50:.1f} ms  p95 {p95:.1f} ms  p99 {p99:.1f} ms  "
          f"max {max(latencies):.1f} ms")
    print(f"server CPU: {server_cpu * 1000 / len(statuses):.1f} ms per delivered update "
          f"({server_cpu / elapsed:.0%} of one core)")
    print(f"webhook answers: {dict(sorted((s, statuses.count(s)) for s in set(statuses)))}")
    print(f"lost replies: {lost}  duplicated replies: {duplicated}")
    ok = p95 < TARGET_P95_MS and lost == 0 and duplicated == 0
    print(f"target p95 < {TARGET_P95_MS:.0f} ms, none lost or duplicated: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chats", type=int, default=100)
    ap.add_argument("--questions", type=int, default=10)
    ap.add_argument("--think", default="1-3", help="seconds between an answer and the next question, e.g. 1-3 or 0")
    ap.add_argument("--redeliver", type=float, default=0.1, help="share of updates delivered twice")
    ap.add_argument("--database-url", help="e.g. postgresql://postgres@127.0.0.1:5432/DB (default: SQLite)")
    args = ap.parse_args()
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))
    return asyncio.run(bench(args.chats, args.questions, think, args.redeliver, args.database_url))


if __name__ == "__main__":
    sys.exit(main())
