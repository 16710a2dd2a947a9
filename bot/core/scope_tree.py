"""The decision tree of "Có hòa giải được không?" (knowledge/scope_tree.yaml): its model and its validation.

The tree is data so that editors can change it; `parse_scope_tree` refuses a tree with a dangling `next`, a node that
cannot be reached from the root, or a cycle, naming file and line, so a broken tree is never served half-way.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.knowledge import Citation, KnowledgeError
from bot.core.yamlspots import SLUG_RE, Problems, check_citations, parse_yaml, text_value, unknown_keys

VERDICTS = ("co-the", "khong", "chua-ro")
MAX_ID_LEN = 48  # the action "k:<id>" must fit Telegram's 64 bytes of callback data
RESERVED_IDS = {"start"}  # "k:start" opens the tree at its root
MAX_TEXT = 1500
MAX_LABEL = 64


@dataclass(frozen=True)
class Choice:
    label: str
    next: str


@dataclass(frozen=True)
class ScopeNode:
    """A question (with choices) or a leaf (with a verdict)."""

    id: str
    text: str
    citations: tuple[Citation, ...]
    choices: tuple[Choice, ...] = ()
    verdict: str | None = None

    @property
    def is_leaf(self) -> bool:
        return self.verdict is not None


@dataclass(frozen=True)
class ScopeTree:
    root: str
    nodes: Mapping[str, ScopeNode]


def parse_scope_tree(
    text: str, path: str, documents: Mapping[str, Any]
) -> tuple[ScopeTree | None, list[KnowledgeError]]:
    """Parse and validate the tree; returns (None, errors) unless it is entirely sound."""
    try:
        raw = parse_yaml(text, path)
    except KnowledgeError as exc:
        return None, [exc]
    problems = Problems(path, text)
    if not isinstance(raw, dict) or not isinstance(raw.get("nodes"), list) or not raw["nodes"]:
        problems.add("nodes", "cây phải có `root` và `nodes` (danh sách các nút)")
        return None, problems.errors
    unknown_keys(raw, {"root", "nodes"}, "", problems)
    nodes: dict[str, ScopeNode] = {}
    for i, item in enumerate(raw["nodes"]):
        node = _node(item, f"nodes[{i}]", documents, problems)
        if node is None:
            continue
        if node.id in nodes:
            problems.add(f"nodes[{i}].id", f"`id` trùng: {node.id}")
            continue
        nodes[node.id] = node
    root = raw.get("root")
    if not isinstance(root, str) or root not in nodes:
        problems.add("root", f"`root` phải là id của một nút trong cây (đang là: {root!r})")
    _check_links(raw["nodes"], nodes, problems)
    if isinstance(root, str) and root in nodes:
        _check_reachable(raw["nodes"], nodes, root, problems)
        _check_acyclic(raw["nodes"], nodes, root, problems)
    if problems.errors:
        return None, problems.errors
    return ScopeTree(str(root), nodes), []


def _node(item: Any, spot: str, documents: Mapping[str, Any], problems: Problems) -> ScopeNode | None:
    if not isinstance(item, dict):
        problems.add(spot, "mỗi nút phải là một ánh xạ có `id`, `text`, `citations` và `buttons` hoặc `verdict`")
        return None
    unknown_keys(item, {"id", "text", "buttons", "citations", "verdict"}, spot, problems)
    node_id = item.get("id")
    if not isinstance(node_id, str) or not SLUG_RE.match(node_id) or len(node_id) > MAX_ID_LEN:
        problems.add(f"{spot}.id",
                     f"`id` phải là chuỗi chữ thường không dấu, số, gạch ngang, tối đa {MAX_ID_LEN} ký tự")
        return None
    if node_id in RESERVED_IDS:
        problems.add(f"{spot}.id", f"`id` không được là `{node_id}` (tên dành riêng)")
    text = text_value(item.get("text"), f"{spot}.text", problems, max_len=MAX_TEXT)
    citations = check_citations(item.get("citations"), documents, f"{spot}.citations", problems)
    verdict, buttons = item.get("verdict"), item.get("buttons")
    if verdict is not None:
        if verdict not in VERDICTS:
            problems.add(f"{spot}.verdict", f"`verdict` phải là một trong: {', '.join(VERDICTS)}")
        if buttons is not None:
            problems.add(f"{spot}.buttons", "nút lá (có `verdict`) không được có `buttons`")
        return ScopeNode(node_id, text, citations, (), str(verdict))
    if not isinstance(buttons, list) or not buttons:
        problems.add(spot, "nút hỏi cần `buttons` (danh sách {label, next}); nút kết luận cần `verdict`")
        return ScopeNode(node_id, text, citations)
    choices = []
    for j, b in enumerate(buttons):
        where = f"{spot}.buttons[{j}]"
        if not isinstance(b, dict) or set(b) != {"label", "next"} or not isinstance(b["next"], str):
            problems.add(where, "mỗi nút trả lời cần đúng hai trường `label` và `next`")
            continue
        label = text_value(b["label"], f"{where}.label", problems, max_len=MAX_LABEL, one_line=True)
        choices.append(Choice(label, b["next"]))
    return ScopeNode(node_id, text, citations, tuple(choices))


def _spot_of(raw_nodes: list[Any], node_id: str) -> str:
    index = next(i for i, item in enumerate(raw_nodes) if isinstance(item, dict) and item.get("id") == node_id)
    return f"nodes[{index}]"


def _check_links(raw_nodes: list[Any], nodes: Mapping[str, ScopeNode], problems: Problems) -> None:
    for node in nodes.values():
        for j, choice in enumerate(node.choices):
            if choice.next not in nodes:
                problems.add(f"{_spot_of(raw_nodes, node.id)}.buttons[{j}].next",
                             f"`next` trỏ tới nút không tồn tại: {choice.next}")


def _check_reachable(raw_nodes: list[Any], nodes: Mapping[str, ScopeNode], root: str, problems: Problems) -> None:
    seen, todo = {root}, [root]
    while todo:
        for choice in nodes[todo.pop()].choices:
            if choice.next in nodes and choice.next not in seen:
                seen.add(choice.next)
                todo.append(choice.next)
    for node_id in nodes:
        if node_id not in seen:
            problems.add(_spot_of(raw_nodes, node_id), f"nút `{node_id}` không đi tới được từ `root` ({root})")


def _check_acyclic(raw_nodes: list[Any], nodes: Mapping[str, ScopeNode], root: str, problems: Problems) -> None:
    """A cycle would let a conversation go round for ever without a verdict."""
    done: set[str] = set()

    def visit(node_id: str, trail: tuple[str, ...]) -> None:
        if node_id in trail:
            problems.add(_spot_of(raw_nodes, node_id), f"cây có vòng lặp: {' → '.join((*trail, node_id))}")
            return
        if node_id in done or node_id not in nodes:
            return
        for choice in nodes[node_id].choices:
            visit(choice.next, (*trail, node_id))
        done.add(node_id)

    visit(root, ())
