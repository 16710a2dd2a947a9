"""A mediation team's report for its leader (Law 35/2013 Art. 15(5): the leader reports yearly to the commune
People's Committee and the Fatherland Front), built from the team's logbook records: counts by kind and result (the
same Tally as the province's statistics), agreements not yet performed, and the difficulties members wrote down.

Two renderings of one `TeamReport`: a chat message and a .docx laid out like the paperwork documents (Times New
Roman 13, A4). Summaries and difficulties were masked when stored; the report never shows a summary.
"""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from bot.core import texts
from bot.core.communes import Commune
from bot.core.logbook_lists import LogbookLists
from bot.core.logbook_stats import SUCCESS, CountRow, Tally

FONT = "Times New Roman"
DONE = "done"


@dataclass(frozen=True)
class TeamRecord:
    """One record of a team as its leader sees it (storage builds these; texts are masked)."""

    id: int
    case_date: dt.date
    kind_id: str
    start_id: str
    result_id: str
    agreement_written: bool
    summary: str | None
    difficulty: str | None
    deadline: dt.date | None
    performance: str | None


@dataclass(frozen=True)
class TeamReport:
    commune: str
    village: str
    start: dt.date
    end: dt.date
    tally: Tally
    kinds: tuple[tuple[str, str], ...]
    results: tuple[tuple[str, str], ...]
    pending: tuple[TeamRecord, ...]  # "thành" whose agreement is not known to be performed
    difficulties: tuple[TeamRecord, ...]
    lists: LogbookLists | None
    records: tuple[TeamRecord, ...] = ()  # every record of the period, oldest first (the console's team page)

    def name(self, which: str, item_id: str) -> str:
        return self.lists.name(which, item_id) if self.lists else item_id


def build_team_report(
    records: Sequence[TeamRecord], *, commune: Commune | None, commune_id: str, village: str, start: dt.date,
    end: dt.date, lists: LogbookLists | None,
) -> TeamReport:
    tally = Tally()
    for r in records:
        tally.add(CountRow(commune_id, r.case_date, r.kind_id, r.result_id, 1))
    kinds = tuple((c.id, c.name) for c in (lists.kinds.values() if lists else ()))
    results = tuple((c.id, c.name) for c in (lists.results.values() if lists else ()))
    kinds += tuple((k, k) for k in sorted(tally.by_kind) if k not in dict(kinds))
    results += tuple((k, k) for k in sorted(tally.by_result) if k not in dict(results))
    return TeamReport(
        commune.name if commune else commune_id, village, start, end, tally, kinds, results,
        tuple(r for r in records if r.result_id == SUCCESS and r.performance != DONE),
        tuple(r for r in records if (r.difficulty or "").strip()), lists, tuple(records))


def _lines(report: TeamReport) -> list[tuple[str, list[str]]]:
    """(heading, lines) sections shared by the message and the document."""
    t = report.tally
    rate = t.success_rate
    counts = [texts.TEAM_TOTAL.format(n=t.cases),
              texts.TEAM_RATE.format(rate=f"{100 * rate:.1f}%" if rate is not None else texts.TEAM_RATE_NONE)]
    by_result = [f"{name}: {t.by_result[rid]}" for rid, name in report.results]
    by_kind = [f"{name}: {t.by_kind[kid]}" for kid, name in report.kinds]
    pending = [texts.TEAM_PENDING_LINE.format(
        day=_day(r.case_date), kind=report.name("kinds", r.kind_id),
        deadline=_day(r.deadline) if r.deadline else texts.TEAM_NO_DEADLINE,
        state=texts.TEAM_PERFORMANCE.get(r.performance, r.performance or "")) for r in report.pending]
    hard = [texts.TEAM_DIFFICULTY_LINE.format(day=_day(r.case_date), kind=report.name("kinds", r.kind_id),
                                              text=" ".join((r.difficulty or "").split()))
            for r in report.difficulties]
    return [("", counts), (texts.TEAM_BY_RESULT, by_result), (texts.TEAM_BY_KIND, by_kind),
            (texts.TEAM_PENDING.format(n=len(pending)), pending or [texts.TEAM_NONE]),
            (texts.TEAM_DIFFICULTIES.format(n=len(hard)), hard or [texts.TEAM_NONE])]


def team_report_text(report: TeamReport) -> str:
    """The report as a chat message."""
    parts = [f"📒 {texts.TEAM_OF.format(village=report.village, commune=report.commune)}",
             texts.TEAM_PERIOD.format(start=_day(report.start), end=_day(report.end))]
    for heading, lines in _lines(report):
        parts.append("")
        if heading:
            parts.append(f"{heading}:")
        parts.extend(f"• {line}" if heading else line for line in lines)
    return "\n".join(parts)


def team_report_docx(report: TeamReport, *, made_on: dt.date) -> bytes:
    doc = new_document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    _para(doc, texts.XLSX_NATION, bold=True, center=True)
    _para(doc, texts.XLSX_MOTTO, bold=True, center=True)
    _para(doc, texts.TEAM_TITLE, bold=True, center=True, size=14, before=18)
    _para(doc, texts.TEAM_OF.format(village=report.village, commune=report.commune), bold=True, center=True)
    _para(doc, texts.TEAM_PERIOD.format(start=_day(report.start), end=_day(report.end)), center=True, italic=True)
    _para(doc, texts.TEAM_BASIS, italic=True, before=8)
    for heading, lines in _lines(report):
        if heading:
            _para(doc, heading, bold=True, before=8)
        for line in lines:
            _para(doc, f"- {line}" if heading else line)
    _para(doc, texts.XLSX_MADE_ON.format(day=_day(made_on)), italic=True, before=12, right=True)
    _para(doc, texts.TEAM_LEADER_SIGN, bold=True, right=True)
    _para(doc, texts.XLSX_SIGN, italic=True, right=True)
    doc.core_properties.title = texts.TEAM_TITLE
    doc.core_properties.author = "Trợ lý Hòa giải"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _para(doc: DocxDocument, text: str, *, bold: bool = False, italic: bool = False, center: bool = False,
          right: bool = False, size: int = 13, before: int = 0) -> None:
    paragraph = doc.add_paragraph()
    if center or right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.space_before = Pt(before)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
