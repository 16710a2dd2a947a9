"""The dashboard: questions per day, answer and unanswered rates, top topics and top unanswered clusters, as SVG
charts and as CSV for reports to the province. Daily numbers come from daily_count, which survives retention."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from aiohttp import web

from admin import charts
from admin.csvfile import csv_response
from admin.web import Console, core_of, local_time, render
from bot.core import texts
from bot.core.vntime import day_start, local_today
from bot.domain.inbox import Cluster, open_clusters
from bot.storage import questions_repo, stats_repo
from bot.web.params import query_int

PERIODS = (7, 30, 90, 365)
OUTCOMES = ("answer", "suggest", "none")


@dataclass(frozen=True)
class Day:
    day: dt.date
    answer: int
    suggest: int
    none: int

    @property
    def total(self) -> int:
        return self.answer + self.suggest + self.none


@dataclass(frozen=True)
class Stats:
    days: list[Day]
    topics: list[tuple[str, int]]  # (topic title, answers given)
    clusters: list[Cluster]
    open_cases: int = 0
    overdue_cases: int = 0  # waiting for a staff reply longer than HOAGIAI_CASE_RESPONSE_HOURS

    @property
    def total(self) -> int:
        return sum(d.total for d in self.days)

    def rate(self, outcome: str) -> float:
        """Share of questions with this outcome, in percent."""
        return 100 * sum(getattr(d, outcome) for d in self.days) / self.total if self.total else 0.0


def period(request: web.Request) -> int:
    days = query_int(request, "days", 1, max(PERIODS), 30)
    return days if days in PERIODS else 30


async def collect(core: Console, days: int, today: dt.date | None = None) -> Stats:
    today = today or local_today(core.clock())  # days are Vietnamese days, like every time the console shows
    since = today - dt.timedelta(days=days - 1)
    counts: dict[dt.date, Counter[str]] = {}
    for row in await core.db.run(questions_repo.daily_counts, since=since):
        counts.setdefault(row.day, Counter())[row.outcome] += row.count
    series = [Day(d, *(counts.get(d, Counter())[o] for o in OUTCOMES))
              for d in (since + dt.timedelta(days=k) for k in range(days))]
    answered = await core.db.run(stats_repo.answered_entries, since=day_start(since))
    kb = core.service.snapshot.knowledge
    per_topic: Counter[str] = Counter()
    for entry_id, n in answered:
        entry = kb.entries.get(entry_id)
        for topic in entry.topics if entry else ():
            per_topic[kb.topics[topic].title if topic in kb.topics else topic] += n
    return Stats(series, per_topic.most_common(10), (await core.db.run(open_clusters))[:10],
                 await core.db.run(stats_repo.open_cases),
                 await core.db.run(stats_repo.overdue_cases, now=core.clock(), hours=core.settings.case_response_hours))


async def dashboard(request: web.Request) -> web.StreamResponse:
    """The numbers of the chosen period, with charts."""
    days = period(request)
    stats = await collect(core_of(request), days)
    names = [texts.OUTCOME_LABELS[o] for o in OUTCOMES]
    summary = texts.ADMIN_CHART_DAILY.format(days=days, total=stats.total, **{
        o: sum(getattr(d, o) for d in stats.days) for o in OUTCOMES})
    daily = charts.stacked_bars([d.day.strftime("%d/%m") for d in stats.days],
                                [[getattr(d, o) for d in stats.days] for o in OUTCOMES], names, label=summary,
                                table_id="daily-numbers")
    topics = charts.horizontal_bars(stats.topics, label=texts.ADMIN_CHART_TOPICS,
                                    table_id="topic-numbers") if stats.topics else None
    return render(request, "dashboard.html", stats=stats, days=days, periods=PERIODS, daily_chart=daily,
                  topics_chart=topics,
                  colors=list(zip(names, charts.SERIES_COLORS, strict=True)))


async def dashboard_csv(request: web.Request) -> web.StreamResponse:
    """The same numbers as CSV (UTF-8 with BOM so that spreadsheet programs show Vietnamese correctly)."""
    days = period(request)
    stats = await collect(core_of(request), days)
    rows: list[list[object]] = [list(texts.ADMIN_CSV_DAYS_HEADER)]
    rows += [[d.day.isoformat(), d.total, d.answer, d.suggest, d.none, _pct(d.answer, d.total), _pct(d.none, d.total)]
             for d in stats.days]
    rows.append([texts.ADMIN_CSV_TOTAL, stats.total, *(sum(getattr(d, o) for d in stats.days) for o in OUTCOMES),
                 f"{stats.rate('answer'):.1f}", f"{stats.rate('none'):.1f}"])
    rows.append([texts.ADMIN_CSV_OPEN_CASES, stats.open_cases])
    rows.append([texts.ADMIN_CSV_OVERDUE_CASES, stats.overdue_cases])
    rows += [[], list(texts.ADMIN_CSV_TOPICS_HEADER), *map(list, stats.topics)]
    rows += [[], list(texts.ADMIN_CSV_CLUSTERS_HEADER)]
    rows += [[c.example, c.count, local_time(c.last_seen)] for c in stats.clusters]
    return csv_response(None, rows, f"thong-ke-{days}-ngay.csv")


def _pct(part: int, total: int) -> str:
    return f"{100 * part / total:.1f}" if total else ""
