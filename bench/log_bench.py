"""Question-log overhead: the time one logged question adds to a reply (insert + commit in a worker thread),
and the event-loop lag while logging, on SQLite (and PostgreSQL when reachable). Target: p95 overhead < 5 ms."""

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bot.storage import questions_repo  # noqa: E402
from bot.storage.database import Database  # noqa: E402
from bot.storage.db import make_engine, migrate  # noqa: E402
from bot.storage.group_commit import GroupCommit  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def measure(db: Database, n: int = 1000, concurrency: int = 8) -> tuple[list[float], list[float]]:
    lags: list[float] = []
    stop = False

    async def ticker() -> None:
        while not stop:
            t0 = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append((time.perf_counter() - t0 - 0.001) * 1000)

    writer = GroupCommit(db)

    async def one(i: int) -> float:
        t0 = time.perf_counter()
        await writer.run(questions_repo.log_question, channel="bench", user_key=f"u{i % 50}", text=f"câu hỏi {i}",
                     normalized=f"cau hoi {i}", outcome="answer", top_id="x", top_score=0.9, latency_ms=1.0)
        return (time.perf_counter() - t0) * 1000

    tick = asyncio.create_task(ticker())
    sem = asyncio.Semaphore(concurrency)

    async def limited(i: int) -> float:
        async with sem:
            return await one(i)

    times = await asyncio.gather(*(limited(i) for i in range(n)))
    stop = True
    await tick
    return list(times), lags


def report(name: str, times: list[float], lags: list[float]) -> None:
    print(f"{name:>10}  log p50 {statistics.median(times):6.2f} ms  p95 {pct(times, 95):6.2f} ms  "
          f"p99 {pct(times, 99):6.2f} ms   loop lag p95 {pct(lags, 95):5.2f} ms   (target p95 < 5 ms)")


def main() -> int:
    print("question-log write overhead per reply (1000 questions; 1 writer, then 8 concurrent writers)")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        migrate(engine)
        for conc in (1, 8):
            times, lags = asyncio.run(measure(Database(engine), concurrency=conc))
            report(f"sqlite x{conc}", times, lags)
    try:
        admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS hoagiai_bench WITH (FORCE)"))
            conn.execute(text("CREATE DATABASE hoagiai_bench"))
    except Exception as exc:  # noqa: BLE001 - PostgreSQL is optional for this benchmark
        print(f"postgresql  skipped ({exc.__class__.__name__})")
        return 0
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:5432/hoagiai_bench")
    migrate(engine)
    for conc in (1, 8):
        times, lags = asyncio.run(measure(Database(engine), concurrency=conc))
        report(f"pg x{conc}", times, lags)
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS hoagiai_bench WITH (FORCE)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
