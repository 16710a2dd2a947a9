"""Logbook statistics (issue 18): the one place where the numbers of recorded cases are computed.

The console's statistics page, its CSV and .xlsx exports, the leader's team report and `hoagiai report` all read
`Statistics` built here from count rows (storage hands in counts, never a record's text), so they cannot disagree.

Success rate: cases "hòa giải thành" divided by cases "thành" plus "không thành" (cases still being mediated and
cases stopped as outside the scope of grassroots mediation are left out of both); None when that sum is 0. As a
fraction between 0 and 1, rounded to 4 decimals, in the JSON; shown as a percentage with one decimal elsewhere.
Periods are inclusive days of the case (`case_date`, a day in Vietnam time).
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.communes import Commune
from bot.core.logbook_lists import LogbookLists
from bot.core.normalize import fold

SUCCESS, FAILURE = "thanh", "khong-thanh"


@dataclass(frozen=True)
class CountRow:
    """How many records share a commune, a kind and a result in a month (`day`: a day of it; storage has already
    kept only the period's records)."""

    commune_id: str
    day: dt.date
    kind_id: str
    result_id: str
    count: int


@dataclass
class Tally:
    cases: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_result: Counter[str] = field(default_factory=Counter)

    def add(self, row: CountRow) -> None:
        self.cases += row.count
        self.by_kind[row.kind_id] += row.count
        self.by_result[row.result_id] += row.count

    @property
    def success_rate(self) -> float | None:
        """thành / (thành + không thành), or None when neither was recorded."""
        decided = self.by_result[SUCCESS] + self.by_result[FAILURE]
        return round(self.by_result[SUCCESS] / decided, 4) if decided else None

    @property
    def success_percent(self) -> str:
        rate = self.success_rate
        return "" if rate is None else f"{100 * rate:.1f}"


@dataclass(frozen=True)
class CommuneTally:
    id: str
    name: str
    tally: Tally


@dataclass(frozen=True)
class Statistics:
    start: dt.date
    end: dt.date
    kinds: tuple[tuple[str, str], ...]  # (id, name): the lists' kinds in file order, then ids only old records use
    results: tuple[tuple[str, str], ...]
    total: Tally
    communes: tuple[CommuneTally, ...]
    months: tuple[tuple[dt.date, Tally], ...]  # the first day of each month of the period, oldest first


def build_statistics(
    rows: Iterable[CountRow], *, start: dt.date, end: dt.date, lists: LogbookLists | None,
    communes: Mapping[str, Commune], commune_ids: Sequence[str] | None = None,
) -> Statistics:
    """Totals, one line per commune (every commune asked for, or of communes.yaml, in file order, zero when none was
    recorded; a commune id no longer listed comes after them) and one per month of the period."""
    wanted = list(commune_ids) if commune_ids is not None else list(communes)
    per_commune: dict[str, Tally] = {cid: Tally() for cid in wanted}
    months = {m: Tally() for m in _months(start, end)}
    total = Tally()
    for row in rows:
        if commune_ids is not None and row.commune_id not in per_commune:
            continue
        total.add(row)
        per_commune.setdefault(row.commune_id, Tally()).add(row)
        months.setdefault(row.day.replace(day=1), Tally()).add(row)
    return Statistics(
        start, end, _labels(lists.kinds if lists else {}, total.by_kind),
        _labels(lists.results if lists else {}, total.by_result), total,
        tuple(CommuneTally(cid, communes[cid].name if cid in communes else cid, t) for cid, t in per_commune.items()),
        tuple(months.items()),
    )


def _labels(items: Mapping[str, Any], seen: Counter[str]) -> tuple[tuple[str, str], ...]:
    known = [(item_id, str(getattr(item, "name", item_id))) for item_id, item in items.items()]
    return tuple(known + [(k, k) for k in sorted(seen) if k not in items])


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    found, month = [], start.replace(day=1)
    while month <= end:
        found.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return found


def tally_json(t: Tally, stats: Statistics) -> dict[str, Any]:
    return {"cases": t.cases, "by_kind": {k: t.by_kind[k] for k, _ in stats.kinds},
            "by_result": {r: t.by_result[r] for r, _ in stats.results}, "success_rate": t.success_rate}


def statistics_json(stats: Statistics) -> dict[str, Any]:
    """The shape of `hoagiai report --format json` (and of the console's API)."""
    return {"from": stats.start.isoformat(), "to": stats.end.isoformat(), "total": tally_json(stats.total, stats),
            "communes": [{"id": c.id, "name": c.name, **tally_json(c.tally, stats)} for c in stats.communes]}


def table_header(stats: Statistics, first: str, total: str, rate: str) -> list[str]:
    """Column titles of the per-commune table (CSV, the console page): name, total, results, kinds, success rate."""
    return [first, total, *(name for _, name in stats.results), *(name for _, name in stats.kinds), rate]


def table_row(name: str, t: Tally, stats: Statistics) -> list[object]:
    return [name, t.cases, *(t.by_result[r] for r, _ in stats.results), *(t.by_kind[k] for k, _ in stats.kinds),
            t.success_percent]


def village_key(name: str | None) -> str:
    """A village's id in a team (`<commune-id>/<village-id>`): its name folded to ASCII, words joined by dashes, so
    "Bản Hụa La", "ban hua la" and "ban-hua-la" are the same team."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name or "").replace("đ", "d")).strip("-")


def parse_day(text: str) -> dt.date | None:
    """A YYYY-MM-DD day, or None."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
