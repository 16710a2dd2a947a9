"""Search-quality evaluation over a questions file in the shared/eval format.

Same meaning as shared/eval/score.py: top-1 and top-3 count a right result only when the outcome is answer or
suggest; out-of-scope questions must not get a confident `answer`; `fold` re-asks accented questions unaccented.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.normalize import fold


def doc_key(doc: object) -> str:
    """A document number as compared: folded, without spaces, upper case ("35/2013/qh13 " = "35/2013/QH13")."""
    return fold(str(doc)).replace(" ", "").upper()


def _cites(result: Mapping[str, Any], wanted: Mapping[str, Any]) -> bool:
    for c in result.get("citations") or []:
        if doc_key(c.get("doc", "")) != doc_key(wanted["doc"]):
            continue
        if "article" not in wanted or c.get("article") == wanted["article"]:
            return True
    return False


def is_right(result: Mapping[str, Any], expect: Mapping[str, Any]) -> bool:
    if "kind" in expect and result.get("kind") != expect["kind"]:
        return False
    if "cite" in expect and not any(_cites(result, w) for w in expect["cite"]):
        return False
    if "keywords" in expect:
        text = fold(f"{result.get('title', '')} {result.get('answer', '')}")
        if not any(fold(k) in text for k in expect["keywords"]):
            return False
    return True


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class EvalReport:
    top1: Tally = field(default_factory=Tally)
    top3: Tally = field(default_factory=Tally)
    sure: Tally = field(default_factory=Tally)
    wrong: Tally = field(default_factory=Tally)
    ood: Tally = field(default_factory=Tally)
    with_marks: Tally = field(default_factory=Tally)
    without_marks: Tally = field(default_factory=Tally)
    folded: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.top1.total} câu trong phạm vi, {self.ood.total} câu ngoài phạm vi"]
        for name in ("top1", "top3", "sure", "wrong", "ood"):
            t: Tally = getattr(self, name)
            out.append(f"  {name:14} {t.rate:6.1%}  ({t.right}/{t.total})")
        for name, t in (("có dấu", self.with_marks), ("không dấu", self.without_marks), ("bỏ dấu (fold)", self.folded)):
            out.append(f"  top1 {name:9} {t.rate:6.1%}  ({t.right}/{t.total})")
        out.append(f"  chênh lệch có dấu - bỏ dấu: {self.with_marks.rate - self.folded.rate:+.1%}")
        return out


Answerer = Callable[[str], Mapping[str, Any]]


def evaluate(items: Sequence[Mapping[str, Any]], ask: Answerer) -> EvalReport:
    """Ask every question (and the unaccented copy of accented in-scope ones) and tally the figures."""
    report = EvalReport()
    for item in items:
        q, expect = str(item["q"]), item["expect"]
        ans = ask(q)
        outcome, results = ans.get("outcome"), list(ans.get("results") or [])
        if expect == "none":
            ok = outcome != "answer"
            report.ood.add(ok)
            if not ok:
                report.misses.append(f"ngoài phạm vi nhưng trả lời  {q!r} -> {results[0]['id']}")
            continue
        right1 = outcome in ("answer", "suggest") and bool(results) and is_right(results[0], expect)
        report.top1.add(right1)
        report.top3.add(outcome in ("answer", "suggest") and any(is_right(r, expect) for r in results[:3]))
        report.sure.add(outcome == "answer" and right1)
        report.wrong.add(outcome == "answer" and not right1)
        accented = fold(q) != q.lower()
        (report.with_marks if accented else report.without_marks).add(right1)
        if not right1:
            top = results[0]["id"] if results else "-"
            report.misses.append(f"{'SAI ' if outcome == 'answer' else 'trượt'}  {q!r} -> {outcome} {top}")
        if accented:
            fans = ask(fold(q))
            fres = list(fans.get("results") or [])
            report.folded.add(fans.get("outcome") in ("answer", "suggest") and bool(fres) and is_right(fres[0], expect))
    return report
