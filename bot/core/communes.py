"""Where mediators serve (knowledge/communes.yaml): the commune-level units and their villages, chosen with /coso.

A list of `{id, name, villages: [...]}`. Ids are kept when a name changes (users' choices and reports refer to them);
names are unique whatever their marks, so a name typed without diacritics finds one commune. The training reports
and the logbook read the same list. A broken file is refused as a whole and reported with file and line.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.knowledge import KnowledgeError
from bot.core.normalize import fold
from bot.core.yamlspots import Problems, parse_yaml, slug_value, text_value, unknown_keys

COMMUNES_FILE = "communes.yaml"
MAX_ID_LEN = 48  # the action "cs:c:<id>" must fit Telegram's 64 bytes of callback data
MAX_NAME = 120
MAX_VILLAGES = 400


@dataclass(frozen=True)
class Commune:
    id: str
    name: str
    villages: tuple[str, ...] = ()


def parse_communes(text: str, path: str) -> tuple[dict[str, Commune] | None, list[KnowledgeError]]:
    """The communes by id, in file order; (None, errors) unless the whole file is sound."""
    try:
        raw = parse_yaml(text, path)
    except KnowledgeError as exc:
        return None, [exc]
    problems = Problems(path, text)
    raw = [] if raw is None else raw
    if not isinstance(raw, list):
        problems.add("", "communes.yaml phải là một danh sách các xã {id, name, villages}")
        return None, problems.errors
    communes: dict[str, Commune] = {}
    names: dict[str, str] = {}
    for i, item in enumerate(raw):
        spot = f"[{i}]"
        if not isinstance(item, dict):
            problems.add(spot, "mỗi xã cần `id`, `name` và `villages`")
            continue
        unknown_keys(item, {"id", "name", "villages"}, spot, problems)
        cid = slug_value(item.get("id"), f"{spot}.id", problems, max_len=MAX_ID_LEN)
        if cid is None:
            continue
        if cid in communes:
            problems.add(f"{spot}.id", f"`id` trùng: {cid}")
        name = text_value(item.get("name"), f"{spot}.name", problems, max_len=MAX_NAME, one_line=True)
        if name and fold(name) in names:
            problems.add(f"{spot}.name", f"tên xã trùng với `{names[fold(name)]}`: {name}")
        names.setdefault(fold(name), cid)
        communes[cid] = Commune(cid, name, _villages(item.get("villages", []), f"{spot}.villages", problems))
    return (None, problems.errors) if problems.errors else (communes, [])


def _villages(value: Any, spot: str, problems: Problems) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > MAX_VILLAGES:
        problems.add(spot, f"`villages` phải là danh sách tên bản, tổ dân phố (có thể để trống: []), tối đa {MAX_VILLAGES}")
        return ()
    found: list[str] = []
    for i, v in enumerate(value):
        name = text_value(v, f"{spot}[{i}]", problems, max_len=MAX_NAME, one_line=True)
        if name and fold(name) in {fold(x) for x in found}:
            problems.add(f"{spot}[{i}]", f"tên bản trùng: {name}")
        elif name:
            found.append(name)
    return tuple(found)


def find_communes(communes: Mapping[str, Commune], typed: str, limit: int = 4) -> list[Commune]:
    """The communes whose name contains what was typed, marks optional ("chieng coi" finds "Phường Chiềng Cơi");
    an exact name first."""
    wanted = " ".join(fold(typed).split())
    if not wanted:
        return []
    exact = [c for c in communes.values() if _bare(c.name) == wanted or fold(c.name) == wanted]
    partial = [c for c in communes.values() if wanted in fold(c.name) and c not in exact]
    return (exact + partial)[:limit]


def _bare(name: str) -> str:
    """The name without its kind ("Xã Mường Chiên" -> "muong chien")."""
    folded = " ".join(fold(name).split())
    for prefix in ("xa ", "phuong ", "thi tran ", "dac khu "):
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded
