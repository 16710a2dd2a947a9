"""Validation of knowledge entries and the loader that refuses broken files.

Every message is Vietnamese (editors read it) and names the file and line.
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core import texts
from bot.core.canonical import dump_entry
from bot.core.citecheck import KnowledgeWarning, citation_warnings, document_errors
from bot.core.clips import ClipFile, read_audio_dir
from bot.core.datafiles import parse_data_files, read_data_files
from bot.core.kinds import kind_of
from bot.core.kinds.fields import ID_RE, MAX_ID_LEN, missing
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
from bot.core.languages import LANGUAGES_FILE, NO_LANGUAGES, Language, parse_languages
from bot.core.schema import Kind

logger = logging.getLogger(__name__)

__all__ = ["ID_RE", "MAX_ID_LEN"]  # re-exported: the id rule is the id field type's


@dataclass(frozen=True)
class Registry:
    """What an entry may refer to."""

    topics: Mapping[str, Topic]
    documents: Mapping[str, Document]


def validate_entry(
    kind: Kind, data: Any, registry: Registry, *, path: str = "<entry>", lines: Mapping[str, int] | None = None
) -> list[KnowledgeError]:
    """Check one entry's schema and references to topics and documents (not cross-entry rules).

    Each field is checked by its type; every error names its field (`field`) and, for files, its line.
    """
    lines = lines or {}
    if not isinstance(data, dict):
        return [KnowledgeError(path, 1, texts.CHECK_NOT_MAPPING)]
    errors: list[KnowledgeError] = []

    def err(key: str, message: str) -> None:
        field = key.split("[")[0]
        errors.append(KnowledgeError(path, lines.get(key, lines.get(field, 1)), message, field))

    specs = kind_of(kind).fields
    names = {s.name for s in specs}
    for key in data:
        if key not in names:
            err(str(key), texts.CHECK_UNKNOWN_FIELD.format(key=key))
    for spec in specs:
        value = data.get(spec.name)
        if value is None or value == "":
            if spec.required:
                err(spec.name, missing(spec.name))
            continue
        spec.type.check(spec, value, registry, err)
    return errors


def check_cross_entry(
    kind: Kind, data: Mapping[str, Any], all_ids: set[str], *, path: str, lines: Mapping[str, int]
) -> list[KnowledgeError]:
    """Rules that need the other entries (dangling `related`), and the kind's own rules across fields."""
    errors = []
    for i, rid in enumerate(data.get("related") or []):
        line = lines.get(f"related[{i}]", 1)
        if rid not in all_ids:
            errors.append(KnowledgeError(path, line, texts.CHECK_RELATED_MISSING.format(id=rid), "related"))
        if rid == data.get("id"):
            errors.append(KnowledgeError(path, line, texts.CHECK_RELATED_SELF, "related"))
    return errors + kind_of(kind).cross_check(data, path, lines)


@dataclass(frozen=True)
class LoadReport:
    knowledge: KnowledgeBase
    errors: list[KnowledgeError]
    files: int
    warnings: list[KnowledgeWarning] = field(default_factory=list)  # e.g. a citation whose text is not bundled
    clips: tuple[ClipFile, ...] = ()  # knowledge/audio/, read when asked (`audio=True`)


def load_registry(root: Path) -> tuple[Registry, Lexicon]:
    topics = load_topics(root / "topics.yaml")
    documents = load_documents(root / "documents.yaml")
    return Registry(topics, documents), load_lexicon(root / "lexicon.yaml")


def load_languages(root: Path) -> tuple[Mapping[str, Language], list[KnowledgeError]]:
    """knowledge/languages.yaml (no file: no language, so no clip is valid)."""
    path = root / LANGUAGES_FILE
    if not path.is_file():
        return NO_LANGUAGES, []
    try:
        return parse_languages(path.read_text(encoding="utf-8"), str(path))
    except UnicodeDecodeError as exc:
        return NO_LANGUAGES, [KnowledgeError(str(path), 0, f"không phải UTF-8 ({exc.reason})")]


def load_knowledge(root: Path, *, strict_layout: bool = False, audio: bool = False) -> LoadReport:
    """Load every entry under `root`; a broken file is reported and left out, never half-loaded.

    With `strict_layout`, a file not in canonical layout is an error too (that is what `hoagiai check` uses);
    with `audio`, the clips of knowledge/audio/ are read and checked too.
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
            found.append(KnowledgeError(str(path), lines.get("id", 1),
                                        texts.CHECK_ID_NOT_FILE.format(id=data.get("id"), stem=path.stem), "id"))
        if not found and strict_layout:
            errors.extend(layout_errors(kind, data, text, str(path)))  # reported; the data itself is sound
        if found:
            errors.extend(found)
            continue
        parsed.append((kind, path, data, lines))
    entries, cross = _assemble(parsed)
    errors.extend(cross)
    tool_files, unreadable = read_data_files(root)  # the scope tree, templates, communes and article texts
    data = parse_data_files(tool_files, registry.documents, where=lambda name: str(root / name))
    errors.extend([*document_errors(root / "documents.yaml"), *unreadable, *data.errors])
    languages, language_errors = load_languages(root)
    errors.extend(language_errors)
    clips: list[ClipFile] = []
    if audio:
        clips, clip_errors = read_audio_dir(root, {e.id for e in entries}, languages, strict_layout=strict_layout)
        errors.extend(clip_errors)
    for e in errors:
        logger.debug("knowledge file refused: %s", e)
    kept = {e.id for e in entries}
    warnings = [w for kind, path, found, lines in parsed if found["id"] in kept
                for w in citation_warnings(Entry(kind, found), str(path), lines, registry.documents, data.articles)]
    kb = make_knowledge_base(entries, registry.topics, registry.documents, lexicon,
                             scope_tree=data.scope_tree, templates=data.templates, articles=data.articles,
                             communes=data.communes, logbook=data.logbook, languages=languages)
    return LoadReport(kb, errors, len(files) + len(tool_files) + 2 * len(clips), warnings, tuple(clips))


def _assemble(parsed: list[tuple[Kind, Path, dict[str, Any], dict[str, int]]]) -> tuple[list[Entry], list[KnowledgeError]]:
    errors: list[KnowledgeError] = []
    first_seen: dict[str, Path] = {}
    for _kind, path, data, lines in parsed:
        eid = data["id"]
        if eid in first_seen:
            errors.append(KnowledgeError(str(path), lines.get("id", 1), texts.CHECK_ID_TWICE.format(path=first_seen[eid]),
                                         "id"))
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
    return [KnowledgeError(path, line, texts.CHECK_LAYOUT)]


def entry_path(root: Path, kind: Kind, entry_id: str) -> Path:
    return root / kind_of(kind).folder / f"{entry_id}.yaml"


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
    for spec in kind_of(kind).fields:
        if spec.name in out:
            out[spec.name] = spec.type.tidy(out[spec.name])
    return out
