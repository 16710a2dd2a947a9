"""Prometheus /metrics: requests by channel and outcome, answer latency, unanswered rate, cases, index version."""

import datetime as dt
from collections import Counter as Tally
from collections.abc import Iterator

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.core.dialogue import Dialogue
from bot.core.messages import Incoming, Turn
from bot.core.service import KnowledgeService
from bot.storage.database import Database
from bot.storage.models import Case


class UpdateFailures(Collector):
    """hoagiai_update_failures_total{channel}: updates a webhook or poller recorded as handled although handling them
    failed (read from the doors' shared tally at each scrape)."""

    def __init__(self, tally: Tally[str]) -> None:
        self.tally = tally

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = CounterMetricFamily("hoagiai_update_failures", "Updates whose handling failed, by channel",
                                     labels=["channel"])
        for channel, count in sorted(self.tally.items()):
            family.add_metric([channel], count)
        yield family


class Metrics:
    def __init__(self, failures: Tally[str] | None = None) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(UpdateFailures(failures if failures is not None else Tally()))
        self.requests = Counter("hoagiai_requests", "Messages handled, by channel and outcome",
                                ["channel", "outcome"], registry=self.registry)
        self.latency = Histogram("hoagiai_answer_latency_seconds", "Time to produce the replies to one message",
                                 ["channel"], registry=self.registry,
                                 buckets=(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0))
        self.unanswered = Gauge("hoagiai_unanswered_ratio", "Share of searches answered `none` since start",
                                registry=self.registry)
        self.cases_open = Gauge("hoagiai_cases_open", "Escalated cases not closed", registry=self.registry)
        self.cases_overdue = Gauge("hoagiai_cases_overdue", "Open cases without a staff reply past the promised time",
                                   registry=self.registry)
        self.index_version = Gauge("hoagiai_knowledge_version", "Knowledge version served by this process",
                                   registry=self.registry)
        self.index_size = Gauge("hoagiai_index_phrasings", "Phrasings in the live search index", registry=self.registry)
        self._searches = 0
        self._none = 0

    def observe(self, msg: Incoming, turn: Turn, seconds: float) -> None:
        outcome = turn.outcome or ("ignored" if not turn.replies else "other")
        self.requests.labels(msg.channel, outcome).inc()
        self.latency.labels(msg.channel).observe(seconds)
        if turn.outcome is not None:
            self._searches += 1
            self._none += turn.outcome == "none"
            self.unanswered.set(self._none / self._searches)


def case_counts(*, session: Session, overdue_after: dt.timedelta) -> tuple[int, int]:
    open_q = select(func.count()).select_from(Case).where(col(Case.status) != "closed")
    cutoff = dt.datetime.now(dt.UTC) - overdue_after
    overdue_q = open_q.where(col(Case.status).in_(["new", "assigned"]), col(Case.updated_at) < cutoff)
    return int(session.exec(open_q).one()), int(session.exec(overdue_q).one())


def setup(app: web.Application, dialogue: Dialogue, db: Database, knowledge: KnowledgeService,
          response_hours: int, failures: Tally[str] | None = None) -> Metrics:
    metrics = Metrics(failures)
    dialogue.observers.append(metrics.observe)

    async def handler(_request: web.Request) -> web.Response:
        snapshot = knowledge.snapshot
        metrics.index_version.set(snapshot.version)
        metrics.index_size.set(snapshot.index.size)
        opened, overdue = await db.run(case_counts, overdue_after=dt.timedelta(hours=response_hours))
        metrics.cases_open.set(opened)
        metrics.cases_overdue.set(overdue)
        return web.Response(body=generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get("/metrics", handler)
    return metrics
