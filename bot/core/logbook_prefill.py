"""What a document made with /vanban already tells the logbook: its kind of result, whether a văn bản hòa giải thành
was made, the day, how the case started, the deadline and the summary (masked). Only ids, days and the masked summary
leave the paperwork form; names and addresses never do.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from bot.core.logbook_lists import LogbookLists
from bot.core.normalize import fold
from bot.core.privacy import mask_personal

_DAY_RE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_WORDY_DAY_RE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
# template id -> what it says of the result, and which of its fields hold the day, start, result, deadline, summary
_TEMPLATES: dict[str, dict[str, Any]] = {
    "van-ban-hoa-giai-thanh": {"result": "thanh", "written": True, "date": "thoi-gian", "start": "can-cu",
                               "deadline": "thoi-han", "summary": "noi-dung"},
    "bien-ban-hoa-giai-khong-thanh": {"result": "khong-thanh", "date": "thoi-gian", "summary": "noi-dung"},
    "so-theo-doi-hoa-giai": {"date": "ngay-hoa-giai", "start": "can-cu", "result_field": "ket-qua",
                             "summary": "noi-dung"},
}
_STARTS = (("yeu cau", "cac-ben-yeu-cau"), ("chung kien", "hgv-chung-kien"), ("phan cong", "phan-cong-de-nghi"),
           ("de nghi", "phan-cong-de-nghi"))
_RESULTS = (("khong thanh", "khong-thanh"), ("dang", "dang-hoa-giai"), ("pham vi", "ngoai-pham-vi"),
            ("thanh", "thanh"))


def find_day(text: str) -> dt.date | None:
    """The first full date written in a free answer ("14 giờ, 25/11/2026", "ngày 25 tháng 11 năm 2026")."""
    found = _DAY_RE.search(text) or _WORDY_DAY_RE.search(fold(text))
    if not found:
        return None
    try:
        return dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    except ValueError:
        return None


def prefill(template_id: str, answers: Mapping[str, str]) -> dict[str, Any]:
    """The logbook values a finished document gives (JSON-ready); empty for a document that is not about a case."""
    spec = _TEMPLATES.get(template_id)
    if spec is None:
        return {}
    found: dict[str, Any] = {k: spec[k] for k in ("result", "written") if k in spec}
    day = find_day(answers.get(spec["date"], ""))
    if day is not None:
        found["date"] = day.isoformat()
    if "start" in spec:
        start = _keyword(answers.get(spec["start"], ""), _STARTS)
        if start:
            found["start"] = start
    if "result_field" in spec:
        result = _keyword(answers.get(spec["result_field"], ""), _RESULTS)
        if result:
            found["result"] = result
    if "deadline" in spec:
        deadline = find_day(answers.get(spec["deadline"], ""))
        if deadline is not None:
            found["deadline"] = deadline.isoformat()
    summary = " ".join(mask_personal(answers.get(spec["summary"], "")).split())[:500]
    if summary:
        found["summary"] = summary
    return found


def valid_prefill(values: Mapping[str, Any], lists: LogbookLists, today: dt.date) -> dict[str, Any]:
    """Keep what still fits the lists and the calendar (a day not in the future, a deadline not before the day)."""
    kept: dict[str, Any] = {}
    for step, which in (("kind", "kinds"), ("start", "starts"), ("result", "results")):
        if values.get(step) in {c.id for c in lists.offered(which)}:
            kept[step] = values[step]
    day = _date(values.get("date"))
    if day is not None and day <= today:
        kept["date"] = day.isoformat()
    if kept.get("result") == "thanh":
        if isinstance(values.get("written"), bool):
            kept["written"] = values["written"]
        deadline = _date(values.get("deadline"))
        if deadline is not None and (day is None or deadline >= day):
            kept["deadline"] = deadline.isoformat()
    if isinstance(values.get("summary"), str) and values["summary"]:
        kept["summary"] = values["summary"]
    return kept


def _keyword(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    folded = " ".join(fold(text).split())
    return next((target for word, target in table if word in folded), None)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
