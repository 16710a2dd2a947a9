"""The live knowledge store: import from YAML (idempotent upsert), export back byte for byte, revisions, versions."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bot.core.articles import ARTICLES_DIR
from bot.core.canonical import dump_entry
from bot.core.clips import read_audio_dir
from bot.core.datafiles import is_data_file, parse_data_files
from bot.core.knowledge import Entry, KnowledgeBase, KnowledgeError, load_yaml_text, make_knowledge_base
from bot.core.knowledge import lexicon_from_dict as _lexicon_from_dict
from bot.core.languages import LANGUAGES_FILE, parse_languages
from bot.core.schema import KIND_DIRS, TITLE_FIELD, Kind
from bot.core.validation import Registry, check_cross_entry, load_knowledge, validate_entry
from bot.storage import audio_repo
from bot.storage.models import KnowledgeEntry, KnowledgeFile, KnowledgeVersion, Revision, utcnow
from bot.storage.notify import KNOWLEDGE_CHANNEL, notify

logger = logging.getLogger(__name__)

REGISTRY_FILES = ("topics.yaml", "documents.yaml", "lexicon.yaml")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    files: int = 0
    clips: int = 0  # recorded answers created or replaced (knowledge/audio/)
    errors: list[KnowledgeError] = field(default_factory=list)


def import_directory(*, session: Session, root: Path, author: str) -> ImportReport:
    """Upsert every valid entry and registry file under `root`; broken files are reported and skipped."""
    report = ImportReport()
    loaded = load_knowledge(root)
    report.errors = loaded.errors
    for name in (*REGISTRY_FILES, *_extra_files(root)):
        path = root / name
        if path.is_file():
            changed = put_file(session=session, name=name, body=path.read_text(encoding="utf-8"), author=author)
            report.files += int(changed)
    for entry in loaded.knowledge.entries.values():
        outcome = put_entry(session=session, kind=entry.kind, data=dict(entry.data), author=author, action="import")
        setattr(report, outcome, getattr(report, outcome) + 1)
    report.clips = _import_clips(session, root, author, report)
    if report.created or report.updated or report.files or report.clips:
        bump_version(session=session)
    return report


def _import_clips(session: Session, root: Path, author: str, report: ImportReport) -> int:
    """knowledge/audio/: each clip must belong to an entry now in the database and a language now listed."""
    session.flush()
    languages, _ = parse_languages(get_file(session=session, name=LANGUAGES_FILE) or "", LANGUAGES_FILE)
    ids = {row for row in session.exec(select(KnowledgeEntry.id)).all()}
    clips, errors = read_audio_dir(root, ids, languages)
    report.errors.extend(errors)
    created, updated, _ = audio_repo.import_audio(session=session, clips=clips, author=author)
    return created + updated


def _extra_files(root: Path) -> list[str]:
    """Data files beside the registry that editors may change too (decision trees, document templates, the
    bundled article texts)."""
    names = [p.name for p in sorted(root.glob("*.yaml")) if p.name not in REGISTRY_FILES]
    for folder in ("templates", ARTICLES_DIR):
        if (root / folder).is_dir():
            names += [f"{folder}/{p.name}" for p in sorted((root / folder).iterdir()) if p.is_file()]
    return names


def put_entry(*, session: Session, kind: Kind, data: dict[str, Any], author: str, action: str) -> str:
    """Insert or update one entry in canonical form, keeping the previous content as a revision."""
    body = dump_entry(kind, data)
    row = session.get(KnowledgeEntry, data["id"])
    if row is not None and row.body == body and row.kind == kind:
        return "unchanged"
    previous = row.body if row is not None else None
    if row is None:
        row = KnowledgeEntry(id=data["id"], kind=kind, status=data["status"], title=_title(kind, data), body=body)
    row.kind, row.status, row.title, row.body = kind, str(data["status"]), _title(kind, data), body
    row.updated_at, row.updated_by = utcnow(), author
    session.add(row)
    session.add(Revision(target=row.id, kind=kind, action=action, previous=previous, current=body, author=author))
    return "created" if previous is None else "updated"


def _title(kind: Kind, data: dict[str, Any]) -> str:
    return str(data.get(TITLE_FIELD[kind], ""))


def put_file(*, session: Session, name: str, body: str, author: str) -> bool:
    row = session.get(KnowledgeFile, name)
    if row is not None and row.body == body:
        return False
    previous = row.body if row is not None else None
    row = row or KnowledgeFile(name=name, body=body)
    row.body, row.updated_at, row.updated_by = body, utcnow(), author
    session.add(row)
    session.add(Revision(target=f"file:{name}", kind="file", action="update", previous=previous, current=body,
                         author=author))
    return True


def get_file(*, session: Session, name: str) -> str | None:
    row = session.get(KnowledgeFile, name)
    return row.body if row else None


def bump_version(*, session: Session) -> int:
    row = session.get(KnowledgeVersion, 1) or KnowledgeVersion(id=1, version=0)
    row.version += 1
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    notify(session=session, channel=KNOWLEDGE_CHANNEL, payload=str(row.version))
    return row.version


def current_version(*, session: Session) -> int:
    row = session.get(KnowledgeVersion, 1)
    return row.version if row else 0


def is_empty(*, session: Session) -> bool:
    return session.exec(select(KnowledgeEntry.id).limit(1)).first() is None


def export_directory(*, session: Session, root: Path) -> int:
    """Write every entry and registry file back as YAML; returns the number of files written."""
    written = 0
    for f in session.exec(select(KnowledgeFile)).all():
        path = root / f.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f.body, encoding="utf-8")
        written += 1
    for row in session.exec(select(KnowledgeEntry).order_by(col(KnowledgeEntry.id))).all():
        path = root / KIND_DIRS[row.kind] / f"{row.id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(row.body, encoding="utf-8")
        written += 1
    return written + audio_repo.export_audio(session=session, root=root)


def load_live(*, session: Session) -> tuple[KnowledgeBase, int, list[KnowledgeError]]:
    """Build the knowledge snapshot from the database; an invalid row is left out and reported."""
    from bot.core.knowledge import document_from_dict, topic_from_dict  # local: only the loader needs the constructors

    files = {f.name: f.body for f in session.exec(select(KnowledgeFile)).all()}
    topics = _parse_list(files.get("topics.yaml"), topic_from_dict, "id")
    documents = _parse_list(files.get("documents.yaml"), document_from_dict, "doc")
    lexicon = _lexicon_from_dict(load_yaml_text(files.get("lexicon.yaml") or "{}") or {})
    registry = Registry(topics, documents)
    errors: list[KnowledgeError] = []
    parsed: list[tuple[Kind, dict[str, Any]]] = []
    for row in session.exec(select(KnowledgeEntry)).all():
        kind: Kind = row.kind
        path = f"db:{KIND_DIRS[kind]}/{row.id}.yaml"
        data = _parsed_body(row.body)
        found = validate_entry(kind, data, registry, path=path)
        if found:
            errors.extend(found)
            continue
        parsed.append((kind, data))
    ids = {d["id"] for _, d in parsed}
    entries: list[Entry] = []
    for kind, data in parsed:
        cross = check_cross_entry(kind, data, ids, path=data["id"], lines={})
        if cross:
            errors.extend(cross)  # a dangling `related` is reported but does not hide the entry
        entries.append(Entry(kind, data))
    data = parse_data_files({n: b for n, b in files.items() if is_data_file(n)}, documents, where=lambda n: f"db:{n}")
    errors.extend(data.errors)
    languages, language_errors = parse_languages(files.get(LANGUAGES_FILE) or "", f"db:{LANGUAGES_FILE}")
    errors.extend(language_errors)
    for e in errors:
        logger.warning("knowledge row refused: %s", e)
    kb = make_knowledge_base(entries, topics, documents, lexicon, scope_tree=data.scope_tree, templates=data.templates,
                             articles=data.articles, communes=data.communes, logbook=data.logbook, languages=languages,
                             clips=audio_repo.live_infos(session=session))
    return kb, current_version(session=session), errors


@lru_cache(maxsize=8192)
def _parsed_body(body: str) -> Any:
    """An entry's YAML, parsed once per distinct text: a publish changes one row, and re-reading all of them was most
    of a rebuild. Entries never modify their data, so snapshots may share the parsed mapping."""
    return load_yaml_text(body)


def _parse_list(text: str | None, make: Any, key: str) -> dict[str, Any]:
    items: Iterable[dict[str, Any]] = load_yaml_text(text or "[]") or []
    return {str(d[key]): make(d) for d in items}


def revisions(*, session: Session, target: str) -> list[Revision]:
    stmt = select(Revision).where(Revision.target == target).order_by(col(Revision.id).desc())
    return list(session.exec(stmt).all())
