"""Provincial-scale load test (`make loadtest`, a benchmark, not a test).

PostgreSQL (a fresh database on 127.0.0.1:5432) + one or two `hoagiai serve` replicas in Telegram webhook mode + a
fake Bot API receiving the replies + this load generator, all on this machine. The generator plays the reverse proxy:
it spreads webhook POSTs round robin over the live replicas and, like Caddy's lb_retries, retries a POST on the other
replica when a connection fails. Updates arrive open-loop at a fixed rate from thousands of distinct chats.

Phases: 1 replica, then 2 replicas, at --rate updates/s for --seconds each; then a kill run: 2 replicas, one is
SIGKILLed half-way through a burst (--kill-burst updates at --kill-rate/s), then the generator plays Telegram and
redelivers every update not acknowledged with 200 until it is; it reports lost updates (never answered) and
duplicated replies (the same message sent twice to a chat). Target: 0 lost, at most 1 duplicate per kill (a kill
between a send and its record can always repeat that reply). During the 2-replica phase an
entry is published straight into the database (what the console does) and the time until the other replica answers
with it is measured (target ≤ 2 s). Reports sustained updates/s, p50/p95/p99 from update to reply, errors, RSS per
replica, and (with --profile) a py-spy profile of one replica under load.
Usage: python bench/loadtest.py [--rate 150] [--seconds 20] [--profile]
"""

import argparse
import asyncio
import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.telegram_bench import SECRET, percentile, questions, start_server  # noqa: E402
from bot.channels.telegram_webhook import SECRET_HEADER, route_path  # noqa: E402
from bot.storage import knowledge_repo  # noqa: E402
from bot.storage.database import Database  # noqa: E402
from bot.storage.db import make_engine  # noqa: E402
from tests.conftest import fresh_postgres_database  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402
from tests.support import free_port, wait_ready  # noqa: E402

TARGET_RATE = 150
TARGET_P95_MS = 200.0


@dataclass
class Replica:
    port: int
    proc: subprocess.Popen[bytes]
    peak_rss_mb: float = 0.0

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def sample_rss(self) -> None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    self.peak_rss_mb = max(self.peak_rss_mb, int(line.split()[1]) / 1024)
        except OSError:
            pass


@dataclass
class Run:
    sent: dict[int, float] = field(default_factory=dict)  # chat id -> POST start time (one update per chat)
    accepted: set[int] = field(default_factory=set)
    errors: int = 0
    updates: dict[int, dict] = field(default_factory=dict)  # chat id -> its update, for redelivery


async def post_update(http: aiohttp.ClientSession, replicas: list[Replica], path: str, update: dict, turn: int,
                      run: Run, chat: int) -> None:
    """Round robin over live replicas; on a connection failure try the next one (the proxy's retry)."""
    live = [r for r in replicas if r.alive] or replicas
    for attempt in range(len(live)):
        replica = live[(turn + attempt) % len(live)]
        try:
            async with http.post(f"http://127.0.0.1:{replica.port}{path}", json=update,
                                 headers={SECRET_HEADER: SECRET}) as resp:
                if resp.status == 200:
                    run.accepted.add(chat)
                    return
        except (TimeoutError, aiohttp.ClientError):
            continue
    run.errors += 1


async def drive(fake: FakeTelegram, replicas: list[Replica], rate: float, seconds: float, first_chat: int,
                kill_at: float | None = None) -> Run:
    path = route_path(fake.token)
    pool = questions(int(rate * seconds) + 1, seed=first_chat)
    run = Run()
    tasks = []
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=500), timeout=timeout) as http:
        started = time.monotonic()
        for i, text in enumerate(pool):
            due = started + i / rate
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            if kill_at is not None and time.monotonic() - started >= kill_at and replicas[-1].alive:
                replicas[-1].proc.send_signal(signal.SIGKILL)
            chat = first_chat + i
            update = fake.text_update(chat, text)
            run.updates[chat] = update
            run.sent[chat] = time.monotonic()
            tasks.append(asyncio.create_task(post_update(http, replicas, path, update, i, run, chat)))
            if i % 50 == 0:
                for r in replicas:
                    r.sample_rss()
        await asyncio.gather(*tasks)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(not fake.sent_to(c) for c in run.accepted):
        await asyncio.sleep(0.05)
    return run


async def redeliver(fake: FakeTelegram, replicas: list[Replica], run: Run, every_s: float = 2.0,
                    give_up_s: float = 150.0) -> int:
    """Play Telegram after a kill: every update not acknowledged with 200 is delivered again, every `every_s`, until
    it is (a claim left by the killed replica answers 503 until it is older than its lease, 60 s). Returns how many
    updates needed a redelivery."""
    path = route_path(fake.token)
    pending = [c for c in run.sent if c not in run.accepted]
    needed = len(pending)
    deadline = time.monotonic() + give_up_s
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        while pending and time.monotonic() < deadline:
            await asyncio.sleep(every_s)
            await asyncio.gather(*(post_update(http, replicas, path, run.updates[c], i, run, c)
                                   for i, c in enumerate(pending)))
            pending = [c for c in pending if c not in run.accepted]
    return needed


def replies_to(fake: FakeTelegram, chat: int) -> tuple[int, int]:
    """(messages sent to the chat, messages among them that repeat an earlier one word for word)."""
    texts = [call.params.get("text") for call in fake.sent_to(chat)]
    return len(texts), len(texts) - len(set(texts))


def report(name: str, run: Run, fake: FakeTelegram, replicas: list[Replica], elapsed: float) -> bool:
    latencies = [(fake.sent_to(c)[0].at - t0) * 1000 for c, t0 in run.sent.items() if fake.sent_to(c)]
    answered = sum(1 for c in run.sent if fake.sent_to(c))
    lost = sum(1 for c in run.accepted if not fake.sent_to(c))
    duplicated = sum(max(0, len(fake.sent_to(c)) - 1) for c in run.sent)
    p50, p95, p99 = (percentile(latencies, p) if latencies else float("nan") for p in (50, 95, 99))
    rss = ", ".join(f"{r.peak_rss_mb:.0f} MB" for r in replicas)
    print(f"{name:<22} {len(run.sent):>6} updates  {answered / elapsed:>6.1f} answered/s  p50 {p50:6.1f}  "
          f"p95 {p95:6.1f}  p99 {p99:6.1f} ms  errors {run.errors}  lost {lost}  duplicated {duplicated}  "
          f"peak RSS {rss}")
    return lost == 0 and duplicated == 0 and p95 < TARGET_P95_MS


async def measure_publish(pg_url: str, replica: Replica) -> float:
    """Publish an entry straight into the database; time until the other replica answers with it."""
    question = f"mục kiểm thử tốc độ xuất bản {random.randint(0, 10**6)} về cây thảo quả bên suối"
    data = {"id": f"kiem-thu-xuat-ban-{random.randint(0, 10**6)}", "question": question,
            "alt_questions": [], "answer": "Mục dùng để đo thời gian xuất bản.", "topics": ["dat-dai"],
            "citations": [{"doc": "35/2013/QH13", "article": 3}], "sources": [],
            "reviewed": dt.date(2026, 11, 27), "status": "published"}
    db = Database(make_engine(pg_url))

    def publish(*, session) -> None:  # type: ignore[no-untyped-def]
        knowledge_repo.put_entry(session=session, kind="qa", data=data, author="loadtest", action="publish")
        knowledge_repo.bump_version(session=session)

    started = time.monotonic()
    await db.run(publish)
    async with aiohttp.ClientSession() as http:
        while time.monotonic() - started < 30:
            async with http.post(f"http://127.0.0.1:{replica.port}/api/chat",
                                 json={"session": "loadtest", "text": question}) as resp:
                body = await resp.json()
            if body.get("results") and body["results"][0]["id"] == data["id"]:
                break
            await asyncio.sleep(0.02)
    db.dispose()
    return time.monotonic() - started


async def start_replicas(fake: FakeTelegram, n: int, pg_url: str, tmp: Path) -> list[Replica]:
    replicas = []
    for i in range(n):
        port = free_port()
        proc = start_server(fake, port, tmp / f"r{i}-{port}", pg_url, tmp / f"r{i}-{port}.log")
        replicas.append(Replica(port, proc))
    await asyncio.gather(*(wait_ready(r.port, timeout=120) for r in replicas))
    return replicas


def stop(replicas: list[Replica]) -> None:
    for r in replicas:
        if r.alive:
            r.proc.terminate()
    for r in replicas:
        try:
            r.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            r.proc.kill()
            r.proc.wait()


async def main_async(rate: float, seconds: float, profile: bool, steps: list[float], kill_burst: int = 300,
                     kill_rate: float = 300.0, kill_only: bool = False) -> int:
    pg_url, drop = fresh_postgres_database()
    fake = await FakeTelegram().start()
    ok = True
    tmp = Path(tempfile.mkdtemp(prefix="hoagiai-load-"))
    chat = 100_000
    try:
        if kill_only:
            replicas = await start_replicas(fake, 2, pg_url, tmp)
            ok = await kill_run(fake, replicas, chat, kill_burst, kill_rate)
            stop(replicas)
            print("kill run: targets met" if ok else "kill run: targets NOT met")
            return 0 if ok else 1
        print(f"load test: open-loop steps of {seconds:g} s, PostgreSQL, fake Bot API, all on this 2-core machine; "
              f"target ≥ {TARGET_RATE} updates/s with p95 < {TARGET_P95_MS:.0f} ms, none lost or duplicated")
        ceilings: dict[int, float] = {}
        for n in (1, 2):
            replicas = await start_replicas(fake, n, pg_url, tmp)
            ceilings[n] = 0.0
            for step in steps:
                started = time.monotonic()
                run = await drive(fake, replicas, step, seconds, first_chat=chat)
                chat += 100_000
                good = report(f"{n} replica{'s' if n > 1 else ' '} @ {step:g}/s", run, fake, replicas,
                              time.monotonic() - started)
                if not good or run.errors:
                    break
                ceilings[n] = step
                await asyncio.sleep(1)
            stop(replicas)
        print(f"sustained with p95 < {TARGET_P95_MS:.0f} ms: 1 replica {ceilings[1]:g} updates/s, "
              f"2 replicas {ceilings[2]:g} updates/s")
        ok &= ceilings[2] >= TARGET_RATE
        sustained = ceilings[2] or steps[0]
        replicas = await start_replicas(fake, 2, pg_url, tmp)
        publish_task = asyncio.create_task(_later(seconds / 2, measure_publish(pg_url, replicas[-1])))
        started = time.monotonic()
        run = await drive(fake, replicas, sustained, seconds, first_chat=chat)
        chat += 100_000
        report(f"2 replicas @ {sustained:g}/s", run, fake, replicas, time.monotonic() - started)
        seconds_to_publish = await publish_task
        print(f"publish on one replica -> answered by the other after {seconds_to_publish:.2f} s (target ≤ 2 s)")
        ok &= seconds_to_publish <= 2.0
        if profile and shutil.which("py-spy", path=str(Path(sys.executable).parent)):
            # --gil samples only the thread running Python, i.e. CPU, not threads waiting on PostgreSQL
            spy = subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--gil", "-d",
                                    str(int(seconds)), "-p", str(replicas[0].proc.pid), "-f", "raw", "-o",
                                    str(tmp / "profile.txt")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await drive(fake, replicas, sustained * 0.6, seconds, first_chat=chat)
            chat += 100_000
            spy.wait(timeout=seconds + 30)
            _print_profile(tmp / "profile.txt")
        ok &= await kill_run(fake, replicas, chat, kill_burst, kill_rate)
        stop(replicas)
    finally:
        await fake.close()
        drop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


async def kill_run(fake: FakeTelegram, replicas: list[Replica], chat: int, kill_burst: int, kill_rate: float) -> bool:
    """SIGKILL the second replica half-way through a burst, redeliver like Telegram, count lost and duplicated."""
    started = time.monotonic()
    # The kill lands mid-burst, with many updates in flight on the killed replica (claimed, answered or not).
    burst_s = kill_burst / kill_rate
    run = await drive(fake, replicas, kill_rate, burst_s, first_chat=chat, kill_at=burst_s / 2)
    report(f"2 replicas, 1 killed mid-burst of {kill_burst}", run, fake, replicas, time.monotonic() - started)
    redelivered = await redeliver(fake, replicas, run)
    await asyncio.sleep(1)
    counts = [replies_to(fake, c) for c in run.sent]
    lost = sum(1 for n, _ in counts if n == 0)
    duplicated = sum(d for _, d in counts)
    print(f"{'':<22} kill run after Telegram's redeliveries ({redelivered} updates not acknowledged before the "
          f"kill's redeliveries, {len(run.sent) - len(run.accepted)} never acknowledged): lost {lost}, duplicated "
          f"replies {duplicated} (target: 0 lost, at most 1 duplicate per kill)")
    return lost == 0 and duplicated <= 1


async def _later(delay: float, coro):  # type: ignore[no-untyped-def]
    await asyncio.sleep(delay)
    return await coro


WATCHED = {  # where a replica's CPU goes, by the part of the code that spends it
    "Database.call": "database (SQLAlchemy + psycopg, in worker threads)",
    "SearchIndex.search": "search",
    "Bot.send_message": "sending replies (python-telegram-bot + httpx)",
    "Update.de_json": "parsing updates (python-telegram-bot)",
    "Dialogue.handle": "dialogue (search included)",
    "RequestHandler._handle_request": "aiohttp request handling (everything under a webhook call)",
}


def _print_profile(path: Path) -> None:
    """Fold py-spy's raw stacks (GIL holder only) into inclusive shares of the parts we care about."""
    if not path.exists():
        print("(no profile: py-spy could not attach)")
        return
    total = 0
    inclusive = dict.fromkeys(WATCHED, 0)
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        names = {frame.split(" (")[0] for frame in stack.split(";")}
        for key in WATCHED:
            if key in names:
                inclusive[key] += int(count)
    print(f"CPU profile of one replica at 60 % of the ceiling (py-spy --gil, {total} samples, inclusive shares):")
    for key, label in WATCHED.items():
        print(f"  {inclusive[key] / max(total, 1):6.1%}  {label}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", default="50,75,100,125,150,175,200", help="offered rates to try, updates/s")
    ap.add_argument("--seconds", type=float, default=10, help="length of each step")
    ap.add_argument("--profile", action="store_true", help="record a py-spy profile of one replica")
    ap.add_argument("--kill-burst", type=int, default=300, help="updates in the burst during which a replica is killed")
    ap.add_argument("--kill-rate", type=float, default=300.0, help="their rate, updates/s")
    ap.add_argument("--kill-only", action="store_true", help="only the replica-kill run")
    args = ap.parse_args()
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    steps = [float(x) for x in args.steps.split(",")]
    return asyncio.run(main_async(steps[0], args.seconds, args.profile, steps, args.kill_burst, args.kill_rate,
                                  args.kill_only))


if __name__ == "__main__":
    sys.exit(main())
