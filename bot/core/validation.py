"""Validation of knowledge entries and the loader that refuses broken files.

Every message is Vietnamese (editors read it) and names the file and line.
"""

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.canonical import dump_entry
from bot.core.datafiles import parse_data_files, read_data_files
from bot.core.knowledge import (
    Document,
    Entry,
    KnowledgeBase,
    KnowledgeError,
    Lexicon,
    Topic,
    entry_files,
    key_lines,
    load_documents,
    load_lexicon,
    load_topics,
    make_knowledge_base,
    read_yaml,
)
from bot.core.schema import KIND_DIRS, LINE_MAX, SCHEMAS, STATUSES, FieldSpec, Kind

logger = logging.getLogger(__name__)

MAX_ID_LEN = 56  # button actions carry ids and Telegram allows 64 bytes of callback data
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
POINT_RE = re.compile(r"^[a-zđ]$")


@dataclass(frozen=True)
class Registry:
    """What an entry may refer to."""

    topics: Mapping[str, Topic]
    documents: Mapping[str, Document]


def validate_entry(
    kind: Kind, data: Any, registry: Registry, *, path: str = "<entry>", lines: Mapping[str, int] | None = None
) -> list[KnowledgeError]:
    """Check one entry's schema and references to topics and documents (not cross-entry rules)."""
    lines = lines or {}
    if not isinstance(data, dict):
        return [KnowledgeError(path, 1, "tệp phải là một ánh xạ (các cặp `khóa: giá trị`)")]
    errors: list[KnowledgeError] = []

    def err(key: str, message: str) -> None:
        field = key.split("[")[0]
        errors.append(KnowledgeError(path, lines.get(key, lines.get(field, 1)), message, field))

    specs = {s.name: s for s in SCHEMAS[kind]}
    for key in data:
        if key not in specs:
            err(str(key), f"trường không được phép: `{key}`")
    for spec in SCHEMAS[kind]:
        value = data.get(spec.name)
        if value is None or value == "":
            if spec.required:
                err(spec.name, f"thiếu trường bắt buộc `{spec.name}`")
            continue
        _check_field(spec, value, registry, err)
    return errors


def _check_field(spec: FieldSpec, value: Any, registry: Registry, err: Any) -> None:
    name = spec.name
    match spec.type:
        case "id":
            if not isinstance(value, str) or not ID_RE.match(value) or len(value) > MAX_ID_LEN:
                err(name, "`id` phải là chuỗi chữ thường ASCII, số và dấu gạch ngang, tối đa 56 ký tự (vd. to-hoa-giai-la-gi)")
        case "line" | "text":
            _check_text(spec, value, err)
        case "lines":
            _check_lines(name, value, err)
        case "topics":
            _check_lines(name, value, err, non_empty=True)
            for i, t in enumerate(value if isinstance(value, list) else []):
                if t not in registry.topics:
                    err(f"{name}[{i}]", f"chủ đề không có trong topics.yaml: `{t}`")
        case "ids":
            _check_lines(name, value, err)
        case "citations":
            _check_citations(value, registry, err)
        case "date":
            if not isinstance(value, dt.date):
                err(name, f"`{name}` phải là ngày dạng YYYY-MM-DD")
        case "status":
            if value not in STATUSES:
                err(name, f"`status` phải là một trong: {', '.join(STATUSES)}")
        case "roles":
            _check_roles(value, err)
        case "script":
            _check_script(value, err)


def _check_text(spec: FieldSpec, value: Any, err: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        err(spec.name, f"`{spec.name}` phải là văn bản, không được để trống")
        return
    if spec.type == "line" and "\n" in value.strip():
        err(spec.name, f"`{spec.name}` phải nằm trên một dòng")
    if spec.max_len and len(value) > spec.max_len:
        err(spec.name, f"`{spec.name}` dài {len(value)} ký tự, tối đa {spec.max_len}")


def _check_lines(name: str, value: Any, err: Any, non_empty: bool = False) -> None:
    if not isinstance(value, list):
        err(name, f"`{name}` phải là một danh sách")
        return
    if non_empty and not value:
        err(name, f"`{name}` cần ít nhất một mục")
    seen: set[str] = set()
    for i, item in enumerate(value):
        if isinstance(item, dict):
            err(f"{name}[{i}]", f"mục {i + 1} của `{name}` bị đọc thành cặp khóa–giá trị: câu có dấu ': ' "
                                "thì đặt cả câu trong ngoặc kép")
            continue
        if not isinstance(item, str) or not item.strip():
            err(f"{name}[{i}]", f"mục {i + 1} của `{name}` phải là văn bản, không được để trống")
            continue
        if len(item) > LINE_MAX:
            err(f"{name}[{i}]", f"mục {i + 1} của `{name}` dài {len(item)} ký tự, tối đa {LINE_MAX}")
        if item in seen:
            err(f"{name}[{i}]", f"mục trùng lặp trong `{name}`: {item}")
        seen.add(item)


def _check_citations(value: Any, registry: Registry, err: Any) -> None:
    if not isinstance(value, list) or not value:
        err("citations", "`citations` phải là danh sách có ít nhất một trích dẫn {doc, article}")
        return
    for i, c in enumerate(value):
        key = f"citations[{i}]"
        if not isinstance(c, dict) or "doc" not in c or "article" not in c:
            err(key, "mỗi trích dẫn cần `doc` và `article` (article: null khi dẫn cả văn bản)")
            continue
        extra = set(c) - {"doc", "article", "clause", "point"}
        if extra:
            err(key, f"trích dẫn có trường lạ: {', '.join(sorted(map(str, extra)))}")
        if str(c["doc"]) not in registry.documents:
            err(key, f"văn bản không có trong documents.yaml: `{c['doc']}`")
        article = c.get("article")
        if article is not None and (not isinstance(article, int) or isinstance(article, bool) or article < 1):
            err(key, "`article` phải là số nguyên dương hoặc null")
        clause = c.get("clause")
        if clause is not None and (not isinstance(clause, int) or isinstance(clause, bool) or clause < 1):
            err(key, "`clause` phải là số nguyên dương")
        if clause is not None and article is None:
            err(key, "có `clause` thì phải có `article`")
        point = c.get("point")
        if point is not None and (not isinstance(point, str) or not POINT_RE.match(point)):
            err(key, "`point` phải là một chữ cái (a, b, c, …)")


def _check_roles(value: Any, err: Any) -> None:
    if not isinstance(value, list) or not value:
        err("roles", "`roles` phải là danh sách các vai {name, description}")
        return
    for i, r in enumerate(value):
        if not isinstance(r, dict) or not isinstance(r.get("name"), str) or not r["name"].strip():
            err(f"roles[{i}]", "mỗi vai cần `name` (và nên có `description`)")
        elif set(r) - {"name", "description"}:
            err(f"roles[{i}]", "vai chỉ có `name` và `description`")


def _check_script(value: Any, err: Any) -> None:
    if not isinstance(value, list) or not value:
        err("script", "`script` phải là danh sách lời thoại {role, line}")
        return
    for i, s in enumerate(value):
        if not isinstance(s, dict) or set(s) != {"role", "line"}:
            err(f"script[{i}]", "mỗi lời thoại cần đúng hai trường `role` và `line`")
        elif not isinstance(s["line"], str) or not s["line"].strip():
            err(f"script[{i}]", "lời thoại không được để trống")


def check_cross_entry(
    kind: Kind, data: Mapping[str, Any], all_ids: set[str], *, path: str, lines: Mapping[str, int]
) -> list[KnowledgeError]:
    """Rules that need the other entries: dangling `related`, skit roles."""
    errors = []
    for i, rid in enumerate(data.get("related") or []):
        line = lines.get(f"related[{i}]", 1)
        if rid not in all_ids:
            errors.append(KnowledgeError(path, line, f"`related` trỏ tới mục không tồn tại: {rid}", "related"))
        if rid == data.get("id"):
            errors.append(KnowledgeError(path, line, "`related` không được trỏ tới chính nó", "related"))
    if kind == "skit" and isinstance(data.get("roles"), list) and isinstance(data.get("script"), list):
        names = {r.get("name") for r in data["roles"] if isinstance(r, dict)}
        for i, s in enumerate(data["script"]):
            if isinstance(s, dict) and s.get("role") not in names:
                errors.append(KnowledgeError(path, lines.get(f"script[{i}]", 1), f"vai không có trong `roles`: {s.get('role')}",
                                             "script"))
    return errors


@dataclass(frozen=True)
class LoadReport:
    knowledge: KnowledgeBase
    errors: list[KnowledgeError]
    files: int


def load_registry(root: Path) -> tuple[Registry, Lexicon]:
    topics = load_topics(root / "topics.yaml")
    documents = load_documents(root / "documents.yaml")
    return Registry(topics, documents), load_lexicon(root / "lexicon.yaml")


def load_knowledge(root: Path, *, strict_layout: bool = False) -> LoadReport:
    """Load every entry under `root`; a broken file is reported and left out, never half-loaded.

    With `strict_layout`, a file not in canonical layout is an error too (that is what `hoagiai check` uses).
    """
    registry, lexicon = load_registry(root)
    errors: list[KnowledgeError] = []
    parsed: list[tuple[Kind, Path, dict[str, Any], dict[str, int]]] = []
    files = entry_files(root)
    for kind, path in files:
        try:
            data = read_yaml(path)
        except KnowledgeError as exc:
            errors.append(exc)
            continue
        text = path.read_text(encoding="utf-8")
        lines = key_lines(text)
        found = validate_entry(kind, data, registry, path=str(path), lines=lines)
        if not found and data.get("id") != path.stem:
            found.append(KnowledgeError(str(path), lines.get("id", 1), f"`id` ({data.get('id')}) khác tên tệp ({path.stem})"))
        if not found and strict_layout:
            errors.extend(layout_errors(kind, data, text, str(path)))  # reported; the data itself is sound
        if found:
            errors.extend(found)
            continue
        parsed.append((kind, path, data, lines))
    entries, cross = _assemble(parsed)
    errors.extend(cross)
    texts, unreadable = read_data_files(root)  # the scope tree and paperwork templates
    data = parse_data_files(texts, registry.documents, where=lambda name: str(root / name))
    errors.extend([*unreadable, *data.errors])
    for e in errors:
        logger.debug("knowledge file refused: %s", e)
    kb = make_knowledge_base(entries, registry.topics, registry.documents, lexicon,
                             scope_tree=data.scope_tree, templates=data.templates)
    return LoadReport(kb, errors, len(files) + len(texts))


def _assemble(parsed: list[tuple[Kind, Path, dict[str, Any], dict[str, int]]]) -> tuple[list[Entry], list[KnowledgeError]]:
    errors: list[KnowledgeError] = []
    first_seen: dict[str, Path] = {}
    for _kind, path, data, lines in parsed:
        eid = data["id"]
        if eid in first_seen:
            errors.append(KnowledgeError(str(path), lines.get("id", 1), f"`id` trùng với {first_seen[eid]}"))
        else:
            first_seen[eid] = path
    ids = set(first_seen)
    entries: list[Entry] = []
    bad = {e.path for e in errors}
    for kind, path, data, lines in parsed:
        found = check_cross_entry(kind, data, ids, path=str(path), lines=lines)
        if found or str(path) in bad:
            errors.extend(found)
            continue
        entries.append(Entry(kind, data))
    return entries, errors


def layout_errors(kind: Kind, data: Mapping[str, Any], text: str, path: str) -> list[KnowledgeError]:
    canonical = dump_entry(kind, data)
    if canonical == text:
        return []
    got, want = text.split("\n"), canonical.split("\n")
    line = next((i + 1 for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), min(len(got), len(want)))
    return [KnowledgeError(path, line, "không đúng bố cục chuẩn; chạy `hoagiai fmt` để sửa")]


def entry_path(root: Path, kind: Kind, entry_id: str) -> Path:
    return root / KIND_DIRS[kind] / f"{entry_id}.yaml"


def format_files(root: Path, paths: Iterable[tuple[Kind, Path]] | None = None) -> list[Path]:
    """Rewrite valid entry files into canonical layout; returns the files that changed."""
    changed = []
    for kind, path in paths if paths is not None else entry_files(root):
        try:
            data = read_yaml(path)
        except KnowledgeError:
            continue
        if not isinstance(data, dict):
            continue
        data = normalize_text_fields(kind, data)
        text = dump_entry(kind, data)
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def normalize_text_fields(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """Trim blanks at line ends and text edges, which the canonical block style cannot carry."""
    out = dict(data)
    for spec in SCHEMAS[kind]:
        value = out.get(spec.name)
        if isinstance(value, str):
            out[spec.name] = _tidy(value)
        elif isinstance(value, list) and spec.type in ("lines", "topics", "ids"):
            out[spec.name] = [_tidy(v) if isinstance(v, str) else v for v in value]
    return out


def _tidy(text: str) -> str:
    return "\n".join(ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")).strip()
