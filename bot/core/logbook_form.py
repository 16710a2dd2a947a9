"""The /ghiso form's pieces: the steps and their order, reading typed dates, the buttons of each step, and the card
that shows a record. No state and no storage here: bot.core.logbook_flow drives them.

Steps: date, kind, start, result, then for a successful case (result `thanh`) the deadline for performing the
agreement, and last the summary. The result step also says whether a văn bản hòa giải thành was made: the success
result is offered twice ("…, có văn bản" / "…, không lập văn bản"), so a successful case takes six answers. The team
(/coso: commune, then village) is asked before them, once, when the user has none: at most eight answers in all.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from bot.core import texts
from bot.core.actions import act
from bot.core.communes import Commune
from bot.core.logbook_lists import RESULT_SUCCESS, LogbookLists
from bot.core.logbook_ports import CaseRecord
from bot.core.messages import Button
from bot.core.normalize import fold

STEPS = ("date", "kind", "start", "result", "deadline", "summary")  # the form, in order
EDIT_STEPS = (*STEPS, "written", "difficulty")  # what ✏️ Sửa / ✍️ Ghi khó khăn may ask alone
SUCCESS_ONLY = ("deadline",)
CHOICE_STEPS = {"kind": "kinds", "start": "starts", "result": "results"}
CHOICE_CODES = {"kind": "lb:k", "start": "lb:s", "result": "lb:r"}
DEADLINE_DAYS = (7, 15, 30)
MAX_TEXT = 500
MAX_BUTTONS = 5  # under any reply
MAX_AGE_DAYS = 731
_DATE_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2}|\d{4}))?$")
TODAY_WORDS = {"hom nay", "nay"}
YESTERDAY_WORDS = {"hom qua", "qua"}
SKIP_WORDS = {"bo qua", "boqua", "-", "skip", "khong", "khong co"}


def steps_for(values: Mapping[str, Any]) -> list[str]:
    """The steps this draft goes through: the success-only ones when the result is a success."""
    return [s for s in STEPS if s not in SUCCESS_ONLY or values.get("result") == RESULT_SUCCESS]


def answered(step: str, values: Mapping[str, Any]) -> bool:
    """Whether the draft holds the step's answer; a success result counts only with its văn bản yes/no."""
    if step == "result" and values.get("result") == RESULT_SUCCESS:
        return "written" in values
    return step in values


def next_step(step: str, values: Mapping[str, Any]) -> str | None:
    """The first step after `step` that the draft has no value for (pre-filled steps are skipped)."""
    order = steps_for(values)
    after = order[order.index(step) + 1:] if step in order else order
    return next((s for s in after if not answered(s, values)), None)


def result_choices(lists: LogbookLists) -> list[tuple[str, str, bool | None]]:
    """The result step's answers as (label without icon, result id, văn bản made): the success result of
    logbook.yaml twice, with and without a văn bản hòa giải thành, then the other results (written None)."""
    found: list[tuple[str, str, bool | None]] = []
    for c in lists.offered("results"):
        if c.id == RESULT_SUCCESS:
            found += [(texts.LB_RESULT_WRITTEN.format(name=c.name), c.id, True),
                      (texts.LB_RESULT_UNWRITTEN.format(name=c.name), c.id, False)]
        else:
            found.append((c.name, c.id, None))
    return found


def result_label(name: str, result_id: str) -> str:
    icon = texts.LB_RESULT_ICONS.get(result_id)
    return f"{icon} {name}" if icon else name


def match_result(typed: str, lists: LogbookLists) -> tuple[str, bool | None] | None:
    """A result typed instead of pressed ("khong thanh", "thanh, co van ban"): (id, văn bản made) when the folded
    text names exactly one answer of the result step."""
    wanted = " ".join(fold(typed).split())
    options = result_choices(lists)
    exact = [(i, w) for label, i, w in options if fold(label) == wanted]
    partial = [(i, w) for label, i, w in options if wanted and len(wanted) >= 3 and wanted in fold(label)]
    found = exact or partial
    return found[0] if len(found) == 1 else None


def read_date(typed: str, today: dt.date) -> dt.date | None:
    """"25/11/2026", "25-11-26", "25/11" (this year), "hôm nay", "hôm qua" -> the day; None when unreadable."""
    folded = " ".join(fold(typed).split())
    if folded in TODAY_WORDS:
        return today
    if folded in YESTERDAY_WORDS:
        return today - dt.timedelta(days=1)
    found = _DATE_RE.match(folded)
    if not found:
        return None
    day, month, year = int(found.group(1)), int(found.group(2)), found.group(3)
    full_year = today.year if year is None else int(year) + (2000 if len(year) == 2 else 0)
    try:
        return dt.date(full_year, month, day)
    except ValueError:
        return None


def show_date(day: dt.date | str | None) -> str:
    if day is None:
        return "—"
    value = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{value:%d/%m/%Y}"


def match_choice(typed: str, lists: LogbookLists, step: str) -> str | None:
    """A choice typed instead of pressed: its id when the folded text names exactly one offered item."""
    wanted = " ".join(fold(typed).split())
    options = lists.offered(CHOICE_STEPS[step])
    exact = [c.id for c in options if fold(c.name) == wanted or c.id == wanted]
    partial = [c.id for c in options if wanted and len(wanted) >= 3 and wanted in fold(c.name)]
    found = exact or partial
    return found[0] if len(found) == 1 else None


def step_question(step: str) -> str:
    return {"date": texts.LB_ASK_DATE, "kind": texts.LB_ASK_KIND, "start": texts.LB_ASK_START,
            "result": texts.LB_ASK_RESULT, "written": texts.LB_ASK_WRITTEN, "deadline": texts.LB_ASK_DEADLINE,
            "summary": texts.LB_ASK_SUMMARY, "difficulty": texts.LB_ASK_DIFFICULTY}[step]


def step_buttons(step: str, lists: LogbookLists, has_buttons: bool) -> list[Button]:
    """The answers of a step as buttons, then cancel when it fits within five. Free-text steps have no numbered
    choices on channels without buttons (a typed "1" must stay text there)."""
    if step == "result":  # the success result with its văn bản yes/no: "lb:rw"
        found = [Button(result_label(label, i), act("lb:rw", "y" if written else "n") if written is not None
                        else act("lb:r", i)) for label, i, written in result_choices(lists)]
    elif step in CHOICE_STEPS:
        found = [Button(c.name, act(CHOICE_CODES[step], c.id)) for c in lists.offered(CHOICE_STEPS[step])]
    elif step == "date":
        found = [Button(texts.BTN_LB_TODAY, act("lb:d", 0)), Button(texts.BTN_LB_YESTERDAY, act("lb:d", 1))]
    elif step == "written":
        found = [Button(texts.BTN_LB_YES, act("lb:w", "y")), Button(texts.BTN_LB_NO, act("lb:w", "n"))]
    elif step == "deadline":
        found = [Button(texts.BTN_LB_IN_DAYS.format(days=d), act("lb:dl", d)) for d in DEADLINE_DAYS]
        found.append(Button(texts.BTN_LB_NO_DEADLINE, act("lb:dl", 0)))
    elif has_buttons:  # summary, difficulty
        found = [Button(texts.BTN_SKIP, act("lb:skip"))]
    else:
        return []
    if len(found) >= MAX_BUTTONS:  # every answer stays in view; /huy still cancels
        return found
    return [*found, Button(texts.BTN_LB_CANCEL, act("lb:cancel"))]


def given_value(step: str, value: Any, lists: LogbookLists) -> str:
    """A value already in the draft or the record, as the step shows it."""
    if step in CHOICE_STEPS:
        return lists.name(CHOICE_STEPS[step], str(value))
    if step in ("date", "deadline"):
        return show_date(value) if value else texts.BTN_LB_NO_DEADLINE
    if step == "written":
        return texts.BTN_LB_YES if value else texts.BTN_LB_NO
    return str(value or "—")


def place_name(communes: Mapping[str, Commune], commune_id: str, village: str | None) -> str:
    commune = communes.get(commune_id)
    name = commune.name if commune is not None else commune_id
    return f"{village}, {name}" if village else name


def card(record: CaseRecord, lists: LogbookLists, communes: Mapping[str, Commune]) -> str:
    """Everything stored about one record, as its owner sees it."""
    lines = [texts.LB_CARD.format(id=record.id, date=show_date(record.case_date),
                                  place=place_name(communes, record.commune_id, record.village),
                                  kind=lists.name("kinds", record.kind_id), start=lists.name("starts", record.start_id),
                                  result=lists.name("results", record.result_id))]
    if record.result_id == RESULT_SUCCESS:
        lines.append(texts.LB_CARD_WRITTEN.format(value=texts.BTN_LB_YES if record.agreement_written else texts.BTN_LB_NO))
        lines.append(texts.LB_CARD_DEADLINE.format(day=show_date(record.deadline) if record.deadline
                                                   else texts.BTN_LB_NO_DEADLINE))
        if record.deadline:
            lines.append(texts.LB_CARD_REMIND.format(value=texts.BTN_LB_YES if record.reminder_wanted
                                                     else texts.BTN_LB_NO))
        if record.performance:
            lines.append(texts.LB_CARD_PERF.format(value=texts.LB_PERF_NAMES.get(record.performance, "—")))
    if record.summary_dropped:
        lines.append(texts.LB_CARD_DROPPED)
    else:
        lines.append(texts.LB_CARD_SUMMARY.format(value=record.summary or "—"))
        if record.difficulty:
            lines.append(texts.LB_CARD_DIFFICULTY.format(value=record.difficulty))
    return "\n".join(lines)


def card_buttons(record: CaseRecord) -> list[Button]:
    """Under a record: the reminder (successful cases with a deadline), difficulties, edit, delete, the list."""
    found: list[Button] = []
    if record.result_id == RESULT_SUCCESS and record.deadline is not None:
        found.append(Button(texts.BTN_LB_NO_REMIND, act("lb:rem", record.id, "n")) if record.reminder_wanted
                     else Button(texts.BTN_LB_REMIND, act("lb:rem", record.id, "y")))
    if not record.summary_dropped:
        found.append(Button(texts.BTN_LB_DIFFICULTY, act("lb:e", record.id, "difficulty")))
    found += [Button(texts.BTN_LB_EDIT, act("lb:edit", record.id)),
              Button(texts.BTN_LB_MINE, act("lb:list", 1)),
              Button(texts.BTN_LB_DELETE, act("lb:del", record.id))]
    return found


def edit_buttons(record: CaseRecord) -> list[Button]:
    """The fields to change, the most often corrected first (the rest wait behind "⋯ Thêm")."""
    fields = ["summary", "result", "date", "kind", "start"]
    if record.result_id == RESULT_SUCCESS:
        fields[2:2] = ["deadline", "written"]
    if record.summary_dropped:
        fields.remove("summary")
    return [*(Button(texts.LB_FIELDS[f], act("lb:e", record.id, f)) for f in fields),
            Button(texts.BTN_LB_DELETE, act("lb:del", record.id))]
