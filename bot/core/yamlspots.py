"""Where things are in a YAML data file (for `file:line` messages), and the citation rules shared by data files.

Used by the scope tree and the document templates; knowledge entries have their own checks in validation.py.
"""

import re
from collections.abc import Mapping
from typing import Any

import yaml

from bot.core.knowledge import Citation, KnowledgeError

# libyaml when present: the pure-Python parser spends ~0.3 s on the tree and templates at every snapshot build.
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
POINT_RE = re.compile(r"^[a-zđ]$")


def parse_yaml(text: str, path: str) -> Any:
    """Parse YAML text; a syntax error becomes a KnowledgeError naming file and line."""
    try:
        return yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader, C or Python
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise KnowledgeError(path, line, f"lỗi cú pháp YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(path, 0, f"lỗi cú pháp YAML: {exc}") from exc


def yaml_lines(text: str) -> dict[str, int]:
    """Map every key path ("nodes[2].buttons[0].next") to its 1-based line."""
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                sub = f"{path}[{i}]"
                lines[sub] = item.start_mark.line + 1
                walk(item, sub)

    if root is not None:
        walk(root, "")
    return lines


class Problems:
    """Collects errors for one file; `add(spot, message)` finds the line of the nearest known enclosing spot."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._lines: dict[str, int] | None = None  # mapped on the first error only: sound files are the rule
        self.errors: list[KnowledgeError] = []

    @property
    def lines(self) -> dict[str, int]:
        if self._lines is None:
            self._lines = yaml_lines(self.text)
        return self._lines

    def line(self, spot: str) -> int:
        while spot:
            if spot in self.lines:
                return self.lines[spot]
            cut = max(spot.rfind("."), spot.rfind("["))
            spot = spot[:cut] if cut > 0 else ""
        return 1

    def add(self, spot: str, message: str) -> None:
        self.errors.append(KnowledgeError(self.path, self.line(spot), message))


def check_citations(value: Any, documents: Mapping[str, Any], spot: str, problems: Problems) -> tuple[Citation, ...]:
    """Validate a non-empty citation list ({doc, article, clause?, point?}); returns the valid citations."""
    if not isinstance(value, list) or not value:
        problems.add(spot, "`citations` phải là danh sách có ít nhất một trích dẫn {doc, article}")
        return ()
    found: list[Citation] = []
    for i, c in enumerate(value):
        where = f"{spot}[{i}]"
        if not isinstance(c, dict) or "doc" not in c or "article" not in c:
            problems.add(where, "mỗi trích dẫn cần `doc` và `article` (article: null khi dẫn cả văn bản)")
            continue
        before = len(problems.errors)
        extra = sorted(map(str, set(c) - {"doc", "article", "clause", "point"}))
        if extra:
            problems.add(where, f"trích dẫn có trường lạ: {', '.join(extra)}")
        if str(c["doc"]) not in documents:
            problems.add(where, f"văn bản không có trong documents.yaml: `{c['doc']}`")
        article, clause, point = c.get("article"), c.get("clause"), c.get("point")
        if article is not None and not _positive_int(article):
            problems.add(where, "`article` phải là số nguyên dương hoặc null")
        if clause is not None and (not _positive_int(clause) or article is None):
            problems.add(where, "`clause` phải là số nguyên dương, và có `clause` thì phải có `article`")
        if point is not None and (not isinstance(point, str) or not POINT_RE.match(point)):
            problems.add(where, "`point` phải là một chữ cái (a, b, c, …)")
        if len(problems.errors) == before:
            found.append(Citation(str(c["doc"]), article, clause, point))
    return tuple(found)


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def text_value(value: Any, spot: str, problems: Problems, *, max_len: int, one_line: bool = False) -> str:
    """A required non-empty string; reports and returns "" when it is not."""
    if not isinstance(value, str) or not value.strip():
        problems.add(spot, f"`{spot.rsplit('.', 1)[-1]}` phải là văn bản, không được để trống")
        return ""
    text: str = value.strip()
    if one_line and "\n" in text:
        problems.add(spot, f"`{spot.rsplit('.', 1)[-1]}` phải nằm trên một dòng")
    if len(text) > max_len:
        problems.add(spot, f"`{spot.rsplit('.', 1)[-1]}` dài {len(text)} ký tự, tối đa {max_len}")
    return text


def slug_value(value: Any, spot: str, problems: Problems, *, max_len: int) -> str | None:
    """A required id (lowercase ASCII, digits, single dashes, at most `max_len`); reports and returns None when not."""
    if isinstance(value, str) and SLUG_RE.match(value) and len(value) <= max_len:
        return value
    problems.add(spot, f"`id` phải là chuỗi chữ thường ASCII, số và gạch ngang, tối đa {max_len} ký tự")
    return None


def unknown_keys(data: Mapping[str, Any], allowed: set[str], spot: str, problems: Problems) -> None:
    for key in data:
        if key not in allowed:
            problems.add(f"{spot}.{key}" if spot else str(key), f"trường không được phép: `{key}`")
