"""Search benchmark: latency percentiles, build time and peak memory at the bundled size and on synthetic
knowledge bases of 10,000 and 100,000 indexed phrasings, against a naive rapidfuzz baseline in the same run.

Each size runs in its own process so that its peak RSS is its own. Usage: python bench/search_bench.py [--quick]
"""

import argparse
import datetime as dt
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from bot.core.knowledge import Entry  # noqa: E402
from bot.core.normalize import Normalizer, fold, words  # noqa: E402
from bot.core.search import SearchIndex  # noqa: E402
from bot.core.validation import load_knowledge  # noqa: E402

PHRASINGS_PER_ENTRY = 5  # a question and 4 alternates


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def cloned_entries(n_phrasings: int) -> list[Entry]:
    """The bundled Q&A cloned, each copy tagged ("… (bản 17)"), until the index holds n_phrasings phrasings.

    Real knowledge bases share most of their words between entries, which is what makes candidate lists long;
    random vocabulary would make search look faster than it is.
    """
    kb = load_knowledge(ROOT / "knowledge").knowledge
    base = [e for e in kb.published() if e.kind == "qa"]
    entries: list[Entry] = []
    count, copy = 0, 0
    while count < n_phrasings:
        for e in base:
            tag = f"bản {copy}"
            data = dict(e.data)
            data["id"] = f"{e.id}-{copy}"
            data["question"] = f"{e.title} ({tag})"
            data["alt_questions"] = [f"{q} {tag}" for q in e.alt_questions]
            entries.append(Entry("qa", data))
            count += 1 + len(e.alt_questions)
            if count >= n_phrasings:
                break
        copy += 1
    return entries


def queries_for(entries: list[Entry], n: int, seed: int = 11) -> list[str]:
    """Realistic queries: a phrasing with one word dropped, half of them typed without diacritics."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        e = rng.choice(entries)
        ws = rng.choice([e.title, *e.alt_questions]).rstrip("?").split()
        if len(ws) > 3:
            ws.pop(rng.randrange(len(ws)))
        q = " ".join(ws)
        out.append(fold(q) if rng.random() < 0.5 else q)
    return out


def measure(size: str, n_queries: int) -> dict[str, float]:
    if size == "bundled":
        kb = load_knowledge(ROOT / "knowledge").knowledge
        entries = kb.published()
        normalizer = Normalizer(kb.lexicon)
    else:
        entries = cloned_entries(int(size))
        normalizer = Normalizer(load_knowledge(ROOT / "knowledge").knowledge.lexicon)
    started = time.perf_counter()
    index = SearchIndex.build_from(entries, normalizer)
    build = time.perf_counter() - started
    queries = queries_for(entries, n_queries)
    ours = []
    for q in queries:
        t0 = time.perf_counter()
        index.search(q)
        ours.append((time.perf_counter() - t0) * 1000)
    raw = [p for e in entries for p in (e.title, *e.alt_questions)]
    naive = []
    for q in queries[: max(20, n_queries // 10)]:
        t0 = time.perf_counter()
        process.extract(q, raw, scorer=fuzz.WRatio, limit=5)
        naive.append((time.perf_counter() - t0) * 1000)
    return {
        "phrasings": index.size, "build_s": build,
        "p50_ms": statistics.median(ours), "p95_ms": percentile(ours, 95), "p99_ms": percentile(ours, 99),
        "naive_p50_ms": statistics.median(naive), "naive_p95_ms": percentile(naive, 95),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="fewer queries")
    args = ap.parse_args()
    n_queries = 200 if args.quick else 1000
    if args.one:
        print(json.dumps(measure(args.one, n_queries)))
        return 0
    print("search benchmark (whole ask path: normalization, candidates, re-rank, outcome)")
    print(f"{'size':>9} {'phrasings':>9} {'build s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'naive p95':>9} {'speed-up':>8} {'peak RSS':>9}")
    for size in ("bundled", "10000", "100000"):
        proc = subprocess.run([sys.executable, __file__, "--one", size, *(["--quick"] if args.quick else [])],
                              capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout)
        print(f"{size:>9} {r['phrasings']:>9} {r['build_s']:>8.2f} {r['p50_ms']:>7.2f} {r['p95_ms']:>7.2f} "
              f"{r['p99_ms']:>7.2f} {r['naive_p95_ms']:>9.1f} {r['naive_p95_ms'] / r['p95_ms']:>7.0f}x "
              f"{r['peak_rss_mb']:>7.0f}MB")
    print("targets: p95 ≤ 3 ms at 10,000 and ≤ 10 ms at 100,000; ≥ 10x the naive p95; build < 1 s bundled, "
          "< 10 s at 100,000; peak RSS < 400 MB at 100,000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
