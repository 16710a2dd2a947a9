"""Import/export of the whole knowledge base as a zip of YAML files: the zip, a safe unpacking, the dry run that
reports what applying would change, and the import itself (audited)."""

import io
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlmodel import Session

from bot.core import texts
from bot.core.articles import ARTICLES_DIR
from bot.core.canonical import dump_entry
from bot.core.clips import AUDIO_DIR, clip_name, digest, read_audio_dir
from bot.core.errors import Invalid, TooLarge
from bot.core.knowledge import KnowledgeBase, KnowledgeError
from bot.core.languages import LANGUAGES_FILE, Language, parse_languages
from bot.core.schema import KIND_DIRS, KIND_LABELS
from bot.core.validation import load_knowledge
from bot.storage import audio_repo, drafts_repo, knowledge_repo
from bot.storage.audit_repo import write_audit
from bot.storage.models import KnowledgeEntry

ENTRY_DIRS = frozenset(KIND_DIRS.values())
DATA_DIRS = frozenset({"templates", ARTICLES_DIR})  # data files kept verbatim (paperwork templates, article texts)
MAX_FILES = 5000
MAX_UNPACKED = 200 * 1024 * 1024  # refuse zip bombs before extracting anything (recorded answers included)


@dataclass
class Report:
    """What applying an upload would do."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    files_changed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


# --- export -----------------------------------------------------------------------------------------------------------


def export_zip(*, session: Session) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        knowledge_repo.export_directory(session=session, root=root)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                zf.write(path, path.relative_to(root).as_posix())
        return buf.getvalue()


# --- import -----------------------------------------------------------------------------------------------------------


def unpack(data: bytes, root: Path) -> list[str]:
    """Extract the knowledge files of a zip into `root` safely; returns the names it ignored.

    A zip made by zipping the knowledge folder itself (one top folder holding topics.yaml) is accepted too.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise Invalid(texts.ADMIN_ZIP_INVALID) from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_FILES or sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise TooLarge(texts.ADMIN_TOO_LARGE)
        for info in infos:
            p = PurePosixPath(info.filename)
            if p.is_absolute() or ".." in p.parts or "\\" in info.filename:
                raise Invalid(texts.ADMIN_ZIP_UNSAFE.format(name=info.filename))
        prefix = _common_prefix([PurePosixPath(i.filename) for i in infos])
        ignored = []
        for info in infos:
            rel = PurePosixPath(info.filename).relative_to(prefix) if prefix else PurePosixPath(info.filename)
            if not _is_knowledge_file(rel):
                ignored.append(info.filename)
                continue
            target = root.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.write_bytes(zf.read(info))
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError):
                raise Invalid(texts.ADMIN_ZIP_INVALID) from None
    if not (root / "topics.yaml").is_file():
        raise Invalid(texts.ADMIN_ZIP_EMPTY)
    return ignored


def _common_prefix(paths: list[PurePosixPath]) -> PurePosixPath | None:
    if any(p == PurePosixPath("topics.yaml") for p in paths):
        return None
    tops = {p.parts[0] for p in paths if len(p.parts) > 1}
    if len(tops) == 1 and PurePosixPath(next(iter(tops)), "topics.yaml") in paths:
        return PurePosixPath(next(iter(tops)))
    return None


def _is_knowledge_file(rel: PurePosixPath) -> bool:
    if len(rel.parts) == 2 and rel.parts[0] == AUDIO_DIR:
        return rel.suffix in (".ogg", ".yaml")  # recorded answers: knowledge/audio/<entry-id>.<lang>.ogg + .yaml
    if rel.suffix != ".yaml":
        return False
    if len(rel.parts) == 1:
        return True
    return len(rel.parts) == 2 and (rel.parts[0] in ENTRY_DIRS or rel.parts[0] in DATA_DIRS)


def dry_run(*, session: Session, root: Path) -> Report:
    """Compare an unpacked upload with the database without changing anything."""
    report = Report()
    try:
        loaded = load_knowledge(root)
    except KnowledgeError as exc:  # a broken registry file makes the whole upload unusable
        report.errors.append(_relative(str(exc), root))
        return report
    report.errors = [_relative(str(e), root) for e in loaded.errors]
    report.counts = {KIND_LABELS[k]: n for k, n in loaded.knowledge.counts().items()}
    for entry in loaded.knowledge.entries.values():
        row = session.get(KnowledgeEntry, entry.id)
        if row is None:
            report.created.append(entry.id)
        elif row.body != dump_entry(entry.kind, dict(entry.data)) or row.kind != entry.kind:
            report.updated.append(entry.id)
        else:
            report.unchanged += 1
    for path in sorted(p for p in root.rglob("*.yaml") if p.parent == root or p.parent.name in DATA_DIRS):
        name = path.relative_to(root).as_posix()
        if knowledge_repo.get_file(session=session, name=name) != path.read_text(encoding="utf-8"):
            report.files_changed.append(name)
    _compare_clips(session, root, loaded.knowledge, report)
    return report


def _compare_clips(session: Session, root: Path, kb: KnowledgeBase, report: Report) -> None:
    """Recorded answers in the upload that are new or differ from the served ones (listed with the files)."""
    ids = set(kb.entries) | {row.id for row in drafts_repo.all_live_entries(session=session)}
    clips, errors = read_audio_dir(root, ids, kb.languages or _stored_languages(session))
    report.errors += [_relative(str(e), root) for e in errors]
    live = {(c.entry_id, c.lang): c.sha256 for c in audio_repo.all_clips(session=session) if c.state == audio_repo.LIVE}
    report.files_changed += [clip_name(c.entry_id, c.lang, "ogg") for c in clips
                             if live.get((c.entry_id, c.lang)) != digest(c.content)]


def _stored_languages(session: Session) -> Mapping[str, Language]:
    return parse_languages(knowledge_repo.get_file(session=session, name=LANGUAGES_FILE) or "", LANGUAGES_FILE)[0]


def _relative(message: str, root: Path) -> str:
    return message.replace(str(root) + "/", "")


def apply_import(*, session: Session, root: Path, actor: str) -> knowledge_repo.ImportReport:
    result = knowledge_repo.import_directory(session=session, root=root, author=actor)
    write_audit(session=session, actor=actor, action="import.apply", target="knowledge",
                after=f"created: {result.created}\nupdated: {result.updated}\nunchanged: {result.unchanged}\n"
                      f"files: {result.files}\nerrors: {len(result.errors)}")
    return result
