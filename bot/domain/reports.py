"""What the Justice Department learns from practice: per commune and per topic, how many mediators practise and the
share of right answers. A cell with fewer than 5 distinct users shows "< 5" (in the console and the CSV), so that no
single mediator's results can be read from it."""

from dataclasses import dataclass

from bot.core import texts
from bot.core.knowledge import KnowledgeBase
from bot.storage.training_repo import Cell

MIN_USERS = 5


@dataclass(frozen=True)
class ReportCell:
    users: int | None  # None: fewer than MIN_USERS
    answers: int | None
    share: int | None  # right answers, in percent

    @property
    def label(self) -> str:
        if self.users is None:
            return texts.ADMIN_TRAINING_SMALL
        return texts.ADMIN_TRAINING_CELL.format(users=self.users, share=self.share)


@dataclass(frozen=True)
class Report:
    communes: list[tuple[str | None, str]]  # (id, name); None: users who have not chosen a commune
    topics: list[tuple[str | None, str]]  # (id, title); None: all topics together
    cells: dict[tuple[str | None, str | None], ReportCell]

    def cell(self, commune: str | None, topic: str | None) -> ReportCell | None:
        return self.cells.get((commune, topic))

    def rows(self) -> list[list[str]]:
        """The CSV rows: one per commune × topic that has answers, small cells as "< 5" with nothing else."""
        out = []
        for cid, name in self.communes:
            for tid, title in self.topics:
                c = self.cells.get((cid, tid))
                if c is None:
                    continue
                if c.users is None:
                    out.append([name, title, texts.ADMIN_TRAINING_SMALL, "", ""])
                else:
                    out.append([name, title, str(c.users), str(c.answers), str(c.share)])
        return out


def build_report(cells: list[Cell], kb: KnowledgeBase) -> Report:
    """Communes in communes.yaml's order (then unknown ids, then "no commune"), topics in the tree's order."""
    found = {(c.commune_id, c.topic): _cell(c) for c in cells}
    present = {c.commune_id for c in cells}
    communes: list[tuple[str | None, str]] = [(cid, co.name) for cid, co in kb.communes.items() if cid in present]
    communes += sorted((cid, cid) for cid in present if cid is not None and cid not in kb.communes)
    if None in present:
        communes.append((None, texts.ADMIN_TRAINING_NO_COMMUNE))
    used = {c.topic for c in cells if c.topic is not None}
    topics: list[tuple[str | None, str]] = [(t.id, t.title) for t in kb.topics.values() if t.id in used]
    topics += sorted((t, t) for t in used if t not in kb.topics)
    topics.append((None, texts.ADMIN_TRAINING_ALL_TOPICS))
    return Report(communes, topics, found)


def _cell(c: Cell) -> ReportCell:
    if c.users < MIN_USERS:
        return ReportCell(None, None, None)
    return ReportCell(c.users, c.answers, round(100 * c.right / c.answers) if c.answers else 0)
