"""Knowledge entries, the topic tree, the document registry and the lexicon: loading and the immutable snapshot.

Validation lives in `validation.py`; the canonical layout in `canonical.py`.
"""

import datetime as dt
import functools
import logging
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import yaml

from bot.core.emergency import Emergency, emergency_from_dict
from bot.core.errors import KnowledgeError
from bot.core.kinds import KINDS, kind_of
from bot.core.schema import Kind

__all__ = ["KnowledgeError"]  # re-exported: the loaders and their callers import it from here

if TYPE_CHECKING:  # the tools' data types import this module for KnowledgeError and Citation
    from bot.core.articles import Article
    from bot.core.clips import ClipInfo
    from bot.core.communes import Commune
    from bot.core.doc_templates import FormTemplate
    from bot.core.languages import Language
    from bot.core.logbook_lists import LogbookLists
    from bot.core.scope_tree import ScopeTree

logger = logging.getLogger(__name__)

BUNDLED_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
# libyaml parses the knowledge base about ten times faster than the pure-Python loader.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_text(text: str) -> Any:
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


@dataclass(frozen=True)
class Citation:
    doc: str
    article: int | None
    clause: int | None = None
    point: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "article": self.article, "clause": self.clause, "point": self.point}


@dataclass(frozen=True)
class Entry:
    """One published or unpublished entry; `data` holds every field as written in its file."""

    kind: Kind
    data: Mapping[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def title(self) -> str:
        return str(self.data.get(kind_of(self.kind).title_field, ""))

    @property
    def answer(self) -> str:
        return str(self.data.get(kind_of(self.kind).answer_field, ""))

    @property
    def alt_questions(self) -> tuple[str, ...]:
        return tuple(str(q) for q in self.data.get("alt_questions") or ())

    def alt_question(self, k: int) -> str:
        """The k-th alternate phrasing (from 1), without copying them all."""
        return str(self.data["alt_questions"][k - 1])

    @property
    def examples(self) -> tuple[str, ...]:
        """Questions as people really asked them: search reads them, nobody is shown them."""
        return tuple(str(q) for q in self.data.get("examples") or ())

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(str(t) for t in self.data.get("topics") or ())

    @property
    def related(self) -> tuple[str, ...]:
        return tuple(str(t) for t in self.data.get("related") or ())

    @property
    def status(self) -> str:
        return str(self.data.get("status", "draft"))

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(
            Citation(str(c["doc"]), c.get("article"), c.get("clause"), _opt_str(c.get("point")))
            for c in self.data.get("citations") or ()
        )


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    parent: str | None = None
    dispute: bool = False  # a kind of dispute: offered as "loại vụ việc" when a case is sent to staff (🆘)


def topic_from_dict(item: Mapping[str, Any]) -> Topic:
    """One item of topics.yaml (id and title checked by the caller)."""
    return Topic(str(item["id"]), str(item["title"]), _opt_str(item.get("parent")), item.get("dispute") is True)


def dispute_kinds(topics: Mapping[str, Topic]) -> list[Topic]:
    """The kinds of dispute a case can be filed under, in the file's order; the top-level topics if none is marked."""
    return [t for t in topics.values() if t.dispute] or [t for t in topics.values() if t.parent is None]


@dataclass(frozen=True)
class Document:
    doc: str
    name: str
    short: str
    type: str
    issued: dt.date | None
    effective: dt.date | None
    status: str
    note: str | None = None
    slug: str = ""  # the file of its bundled article texts: knowledge/articles/<slug>.yaml
    abbr: str = ""  # the short name of the phone's citation line ("Luật HGCS", "BLDS 2015")
    cues: tuple[str, ...] = ()  # a document of another mediation system: words a message names to ask about it


def slug_of(doc: str) -> str:
    """A document number as a file name: no diacritics, lower case, '/' -> '-' ("15/2014/NĐ-CP" -> "15-2014-nd-cp")."""
    bare = unicodedata.normalize("NFD", doc.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in bare if not unicodedata.combining(c)).lower().replace("/", "-")


def _cues(raw: Any) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    return tuple(str(c).strip() for c in items if str(c).strip())


def document_from_dict(item: Mapping[str, Any]) -> Document:
    """One item of documents.yaml (already known to carry `doc` and `name`); slug and abbr default sensibly."""
    doc = str(item["doc"])
    short = str(item.get("short") or item["name"])
    return Document(
        doc=doc,
        name=str(item["name"]),
        short=short,
        type=str(item.get("type", "")),
        issued=item.get("issued"),
        effective=item.get("effective"),
        status=str(item.get("status", "con-hieu-luc")),
        note=_opt_str(item.get("note")),
        slug=str(item.get("slug") or slug_of(doc)),
        abbr=str(item.get("abbr") or short),
        cues=_cues(item.get("cues")),
    )


@dataclass(frozen=True)
class Lexicon:
    shorthand: Mapping[str, str] = field(default_factory=dict)
    fillers: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()
    weak_words: tuple[str, ...] = ()
    danger_words: tuple[str, ...] = ()
    out_of_scope: tuple[str, ...] = ()  # example questions the assistant does not cover (see core/domain.py)
    emergency: Emergency = Emergency()  # hotlines, the emergency block and the phrases of danger (core/danger.py)


@dataclass(frozen=True)
class KnowledgeBase:
    """An immutable snapshot of everything search and dialogue need."""

    entries: Mapping[str, Entry]
    topics: Mapping[str, Topic]
    documents: Mapping[str, Document]
    lexicon: Lexicon
    scope_tree: "ScopeTree | None" = None  # knowledge/scope_tree.yaml: the /kiemtra decision tree
    templates: "Mapping[str, FormTemplate]" = field(default_factory=lambda: MappingProxyType({}))  # /vanban
    # knowledge/articles/<slug>.yaml: the verbatim text of cited articles, by (document number, article number)
    articles: "Mapping[tuple[str, int], Article]" = field(default_factory=lambda: MappingProxyType({}))
    communes: "Mapping[str, Commune]" = field(default_factory=lambda: MappingProxyType({}))  # /coso
    languages: "Mapping[str, Language]" = field(default_factory=lambda: MappingProxyType({}))  # languages.yaml
    logbook: "LogbookLists | None" = None  # knowledge/logbook.yaml: the /ghiso lists (None: no file)
    # Published clips by entry id, in the order of `languages` (recorded answers: bot.core.clips).
    clips: "Mapping[str, tuple[ClipInfo, ...]]" = field(default_factory=lambda: MappingProxyType({}))

    def published(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.status == "published"]

    def for_search(self) -> "KnowledgeBase":
        """The snapshot without the kinds that answer no question (quiz items): what the search index is built from."""
        kept = {k: e for k, e in self.entries.items() if kind_of(e.kind).searchable}
        return self if len(kept) == len(self.entries) else replace(self, entries=MappingProxyType(kept))
    def clips_of(self, entry_id: str) -> "tuple[ClipInfo, ...]":
        """The clips answers offer for an entry: only a published entry's, only in a listed language."""
        entry = self.entries.get(entry_id)
        if entry is None or entry.status != "published":
            return ()
        return tuple(c for c in self.clips.get(entry_id, ()) if c.lang in self.languages)

    def counts(self) -> dict[Kind, int]:
        return {k: sum(1 for e in self.entries.values() if e.kind == k) for k in KINDS}


def make_knowledge_base(
    entries: Iterable[Entry], topics: Mapping[str, Topic], documents: Mapping[str, Document], lexicon: Lexicon,
    *, scope_tree: "ScopeTree | None" = None, templates: "Mapping[str, FormTemplate] | None" = None,
    articles: "Mapping[tuple[str, int], Article] | None" = None,
    communes: "Mapping[str, Commune] | None" = None, logbook: "LogbookLists | None" = None,
    languages: "Mapping[str, Language] | None" = None, clips: "Iterable[ClipInfo]" = (),
) -> KnowledgeBase:
    langs = dict(languages or {})
    order = {code: i for i, code in enumerate(langs)}
    by_entry: dict[str, list[ClipInfo]] = {}
    for clip in clips:
        by_entry.setdefault(clip.entry_id, []).append(clip)
    return KnowledgeBase(
        entries=MappingProxyType({e.id: e for e in entries}),
        topics=MappingProxyType(dict(topics)),
        documents=MappingProxyType(dict(documents)),
        lexicon=lexicon,
        scope_tree=scope_tree,
        templates=MappingProxyType(dict(templates or {})),
        articles=MappingProxyType(dict(articles or {})),
        communes=MappingProxyType(dict(communes or {})),
        languages=MappingProxyType(langs),
        logbook=logbook,
        clips=MappingProxyType({k: tuple(sorted(v, key=lambda c: order.get(c.lang, len(order))))
                                for k, v in by_entry.items()}),
    )


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; a syntax error becomes a KnowledgeError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(str(path), 0, f"không phải UTF-8 ({exc.reason})") from exc
    except OSError as exc:
        raise KnowledgeError(str(path), 0, f"không đọc được tệp ({exc.strerror})") from exc
    try:
        return load_yaml_text(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise KnowledgeError(str(path), line, f"lỗi cú pháp YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(str(path), 0, f"lỗi cú pháp YAML: {exc}") from exc


def key_lines(text: str) -> dict[str, int]:
    """Map each top-level key (and `key[i]` for list items) to its 1-based line, for error messages."""
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        key = str(key_node.value)
        lines[key] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                lines[f"{key}[{i}]"] = item.start_mark.line + 1
    return lines


def load_topics(path: Path) -> dict[str, Topic]:
    raw = read_yaml(path) or []
    if not isinstance(raw, list):
        raise KnowledgeError(str(path), 1, "cây chủ đề phải là một danh sách")
    topics: dict[str, Topic] = {}
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not item.get("id") or not item.get("title"):
            raise KnowledgeError(str(path), _item_line(path, i), "mỗi chủ đề cần `id` và `title`")
        topics[str(item["id"])] = topic_from_dict(item)
    for t in topics.values():
        if t.parent and t.parent not in topics:
            raise KnowledgeError(str(path), 0, f"chủ đề `{t.id}` có `parent` không tồn tại: {t.parent}")
    return topics


def load_documents(path: Path) -> dict[str, Document]:
    raw = read_yaml(path) or []
    if not isinstance(raw, list):
        raise KnowledgeError(str(path), 1, "danh mục văn bản phải là một danh sách")
    docs: dict[str, Document] = {}
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not item.get("doc") or not item.get("name"):
            raise KnowledgeError(str(path), _item_line(path, i), "mỗi văn bản cần `doc` và `name`")
        docs[str(item["doc"])] = document_from_dict(item)
    return docs


def load_lexicon(path: Path) -> Lexicon:
    """The lexicon file; a broken `emergency:` section refuses the file, naming the line."""
    if not path.exists():
        return Lexicon()
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict):
        raise KnowledgeError(str(path), 1, "từ điển phải có các mục shorthand, fillers, synonyms")
    if "emergency" in raw:
        _, problems = emergency_from_dict(raw["emergency"])
        if problems:
            from bot.core.yamlspots import Problems  # imports this module: loaded when needed

            spots = Problems(str(path), path.read_text(encoding="utf-8"))
            raise KnowledgeError(str(path), spots.line(problems[0].spot), problems[0].message)
    return lexicon_from_dict(raw)


@functools.cache
def bundled_emergency() -> Emergency:
    """The emergency section shipped in knowledge/lexicon.yaml: what a lexicon without a sound one falls back to,
    so that an older database, or a hand-edited file, never switches the emergency block off."""
    raw = read_yaml(BUNDLED_KNOWLEDGE / "lexicon.yaml") or {}
    found, problems = emergency_from_dict(raw.get("emergency") if isinstance(raw, dict) else None)
    return Emergency() if problems else found


def lexicon_from_dict(raw: Mapping[str, Any]) -> Lexicon:
    shorthand = {str(k).lower(): str(v) for k, v in (raw.get("shorthand") or {}).items()}
    fillers = tuple(str(f) for f in raw.get("fillers") or ())
    synonyms = tuple(tuple(str(s) for s in group) for group in raw.get("synonyms") or ())
    weak = tuple(str(w) for w in raw.get("weak_words") or ())
    danger = tuple(str(w) for w in raw.get("danger_words") or ())
    outside = tuple(str(q) for q in raw.get("out_of_scope") or ())
    emergency, problems = emergency_from_dict(raw.get("emergency"))
    if problems:
        if "emergency" in raw:
            logger.warning("lexicon: emergency section refused (%s); the bundled one is used", problems[0].message)
        emergency = bundled_emergency()
    return Lexicon(MappingProxyType(shorthand), fillers, synonyms, weak, danger, outside, emergency)


def _item_line(path: Path, index: int) -> int:
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return 0
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return int(node.value[index].start_mark.line) + 1
    return 0


def entry_files(root: Path) -> list[tuple[Kind, Path]]:
    files: list[tuple[Kind, Path]] = []
    for kind in KINDS.values():
        folder = root / kind.folder
        if folder.is_dir():
            files.extend((kind.name, p) for p in sorted(folder.glob("*.yaml")))
    return files
