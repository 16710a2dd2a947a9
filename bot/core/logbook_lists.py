"""knowledge/logbook.yaml: the lists a mediator chooses from when recording a case (/ghiso) and that reports count
by: kinds of dispute, how a case started (Law 35/2013 Art. 16) and results.

Each list holds `{id, name, retired?}` items. Ids are stable (records and reports refer to them); a retired item is
no longer offered but old records keep counting under it. The results must include the four ids reports rely on.
A broken file is refused as a whole and reported with file and line.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.knowledge import KnowledgeError
from bot.core.yamlspots import Problems, parse_yaml, slug_value, text_value, unknown_keys

LOGBOOK_FILE = "logbook.yaml"
LISTS = ("kinds", "starts", "results")
MAX_ID_LEN = 32  # actions "lb:k:<id>" must fit Telegram's 64 bytes of callback data
MAX_NAME = 80
MAX_ITEMS = 30
RESULT_SUCCESS = "thanh"  # hòa giải thành: only these ask a performance deadline and get reminders
REQUIRED_RESULTS = ("thanh", "khong-thanh", "dang-hoa-giai", "ngoai-pham-vi")


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    retired: bool = False


@dataclass(frozen=True)
class LogbookLists:
    kinds: Mapping[str, Choice]
    starts: Mapping[str, Choice]
    results: Mapping[str, Choice]

    def offered(self, which: str) -> list[Choice]:
        """The items of one list a mediator may pick now (not retired), in file order."""
        items: Mapping[str, Choice] = getattr(self, which)
        return [c for c in items.values() if not c.retired]

    def name(self, which: str, item_id: str | None) -> str:
        """The item's name, or its id when the list no longer has it (an old record)."""
        items: Mapping[str, Choice] = getattr(self, which)
        found = items.get(item_id or "")
        return found.name if found is not None else (item_id or "—")


EMPTY = LogbookLists({}, {}, {})


def parse_logbook(text: str, path: str) -> tuple[LogbookLists | None, list[KnowledgeError]]:
    """The lists; (None, errors) unless the whole file is sound."""
    try:
        raw = parse_yaml(text, path)
    except KnowledgeError as exc:
        return None, [exc]
    problems = Problems(path, text)
    if not isinstance(raw, dict):
        problems.add("", "logbook.yaml phải có ba danh sách: kinds, starts, results")
        return None, problems.errors
    unknown_keys(raw, set(LISTS), "", problems)
    lists = {which: _items(raw.get(which), which, problems) for which in LISTS}
    missing = [r for r in REQUIRED_RESULTS if r not in lists["results"]]
    if missing and "results" in raw:
        problems.add("results", f"`results` phải có các id: {', '.join(missing)}")
    if problems.errors:
        return None, problems.errors
    return LogbookLists(lists["kinds"], lists["starts"], lists["results"]), []


def _items(value: Any, which: str, problems: Problems) -> dict[str, Choice]:
    if not isinstance(value, list) or not value or len(value) > MAX_ITEMS:
        problems.add(which, f"`{which}` phải là danh sách từ 1 đến {MAX_ITEMS} mục {{id, name}}")
        return {}
    found: dict[str, Choice] = {}
    for i, item in enumerate(value):
        spot = f"{which}[{i}]"
        if not isinstance(item, dict):
            problems.add(spot, "mỗi mục cần `id` và `name`")
            continue
        unknown_keys(item, {"id", "name", "retired"}, spot, problems)
        item_id = slug_value(item.get("id"), f"{spot}.id", problems, max_len=MAX_ID_LEN)
        if item_id is None:
            continue
        if item_id in found:
            problems.add(f"{spot}.id", f"`id` trùng: {item_id}")
        name = text_value(item.get("name"), f"{spot}.name", problems, max_len=MAX_NAME, one_line=True)
        retired = item.get("retired", False)
        if not isinstance(retired, bool):
            problems.add(f"{spot}.retired", "`retired` phải là true hoặc false")
        found[item_id] = Choice(item_id, name, retired is True)
    if found and all(c.retired for c in found.values()):
        problems.add(which, f"`{which}` phải còn ít nhất một mục chưa `retired`")
    return found
