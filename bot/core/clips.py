"""Recorded answers (audio clips) as knowledge: their limits, the snapshot's view of a clip, and the files they
travel as: knowledge/audio/<entry-id>.<lang>.ogg (Ogg/Opus, byte for byte) beside <entry-id>.<lang>.yaml
(speaker, transcript, reviewed), validated by `hoagiai check` and read by the import.
"""

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core import ogg
from bot.core.errors import KnowledgeError
from bot.core.kinds.fields import ID_RE
from bot.core.languages import CODE_RE, Language
from bot.core.yaml_layout import block, scalar

AUDIO_DIR = "audio"
MAX_SECONDS = 180  # three minutes: a short answer read aloud
MAX_BYTES = 2_000_000  # a stored clip (Ogg/Opus at 24 kbit/s is ~0.2 MB a minute)
MAX_SPEAKER = 120
MAX_TRANSCRIPT = 6000
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FIELDS = ("speaker", "transcript", "reviewed")


@dataclass(frozen=True)
class ClipInfo:
    """A published clip as answers, the library and the player page see it (never its bytes)."""

    id: str  # the address of /nghe/<id>
    entry_id: str
    lang: str
    speaker: str
    transcript: str | None
    duration_s: float
    size: int
    sha256: str


@dataclass(frozen=True)
class ClipMeta:
    """The sidecar file's fields."""

    speaker: str
    transcript: str | None = None
    reviewed: dt.date | None = None


@dataclass(frozen=True)
class ClipFile:
    """One clip read from a knowledge directory, checked."""

    entry_id: str
    lang: str
    meta: ClipMeta
    content: bytes


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def dump_meta(meta: ClipMeta) -> str:
    """The canonical layout of the sidecar file (what export writes and `hoagiai check` compares with)."""
    lines = [f"speaker: {scalar(meta.speaker)}"]
    if meta.transcript:
        lines += block("transcript", meta.transcript, indent="")
    if meta.reviewed:
        lines.append(f"reviewed: {meta.reviewed.isoformat()}")
    return "\n".join(lines) + "\n"


def parse_meta(text: str) -> tuple[ClipMeta | None, str | None]:
    """The fields of a sidecar file, or the reason it is refused (Vietnamese, for editors)."""
    try:
        raw = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        return None, f"lỗi cú pháp YAML: {exc}"
    if not isinstance(raw, dict):
        return None, "tệp phải là một ánh xạ (speaker, transcript, reviewed)"
    unknown = [k for k in raw if k not in _FIELDS]
    if unknown:
        return None, f"trường không được phép: `{unknown[0]}`"
    found = meta_problem(raw.get("speaker"), raw.get("transcript"))
    if found:
        return None, found[1]
    reviewed = raw.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, dt.date):
        return None, "`reviewed` phải là ngày dạng YYYY-MM-DD"
    transcript = str(raw["transcript"]).strip() if raw.get("transcript") else None
    return ClipMeta(str(raw["speaker"]).strip(), transcript, reviewed), None


def meta_problem(speaker: Any, transcript: Any) -> tuple[str, str] | None:
    """The rule for who recorded a clip and its transcript, shared by files, the console and the API:
    (the field, what is wrong) or None."""
    if not isinstance(speaker, str) or not speaker.strip():
        return "speaker", "cần ghi tên người đọc (`speaker`)"
    if len(speaker.strip()) > MAX_SPEAKER:
        return "speaker", f"tên người đọc tối đa {MAX_SPEAKER} ký tự"
    if transcript is not None and not isinstance(transcript, str):
        return "transcript", "`transcript` phải là văn bản"
    if transcript and len(transcript) > MAX_TRANSCRIPT:
        return "transcript", f"lời đọc (transcript) tối đa {MAX_TRANSCRIPT} ký tự"
    return None


def content_problem(content: bytes) -> str | None:
    """Why stored clip bytes are refused: not Ogg/Opus, too long, too large."""
    if len(content) > MAX_BYTES:
        return f"tệp âm thanh lớn hơn {MAX_BYTES // 1_000_000} MB"
    try:
        info = ogg.inspect(content)
    except ogg.NotOggOpus:
        return "không phải tệp Ogg/Opus hợp lệ"
    if info.duration_s > MAX_SECONDS + 0.5:
        return f"bản ghi dài hơn {MAX_SECONDS // 60} phút"
    return None


def clip_name(entry_id: str, lang: str, suffix: str) -> str:
    return f"{AUDIO_DIR}/{entry_id}.{lang}.{suffix}"


def read_audio_dir(
    root: Path, entry_ids: set[str], languages: Mapping[str, Language], *, strict_layout: bool = False
) -> tuple[list[ClipFile], list[KnowledgeError]]:
    """Every clip under root/audio/, checked: a pair of files, an existing entry, a listed language, a valid
    sidecar and Ogg/Opus data within the limits. A broken clip is reported and left out."""
    folder = root / AUDIO_DIR
    if not folder.is_dir():
        return [], []
    clips: list[ClipFile] = []
    errors: list[KnowledgeError] = []
    stems = sorted({p.name.rsplit(".", 1)[0] for p in folder.iterdir() if p.is_file()})
    for stem in stems:
        clip, problem, path = _read_pair(folder, stem, entry_ids, languages, strict_layout)
        if problem:
            errors.append(KnowledgeError(str(path), 1 if path.suffix == ".yaml" else 0, problem))
        elif clip is not None:
            clips.append(clip)
    return clips, errors


def _read_pair(
    folder: Path, stem: str, entry_ids: set[str], languages: Mapping[str, Language], strict_layout: bool
) -> tuple[ClipFile | None, str | None, Path]:
    sidecar, audio = folder / f"{stem}.yaml", folder / f"{stem}.ogg"
    entry_id, _, lang = stem.partition(".")
    extra = [p.name for p in folder.glob(f"{stem}.*") if p.suffix not in (".ogg", ".yaml")]
    if extra or not ID_RE.match(entry_id) or not CODE_RE.match(lang):
        bad = folder / (extra[0] if extra else f"{stem}")
        return None, "tên tệp âm thanh phải là <mã nội dung>.<mã ngôn ngữ>.ogg kèm .yaml", bad
    if not audio.is_file() or not sidecar.is_file():
        missing = audio if not audio.is_file() else sidecar
        return None, f"thiếu tệp {missing.name} đi kèm", sidecar if sidecar.is_file() else audio
    if entry_id not in entry_ids:
        return None, f"bản ghi âm của nội dung không tồn tại: {entry_id}", sidecar
    if lang not in languages:
        return None, f"ngôn ngữ `{lang}` không có trong languages.yaml", sidecar
    try:
        text = sidecar.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, f"không phải UTF-8 ({exc.reason})", sidecar
    meta, problem = parse_meta(text)
    if meta is None:
        return None, problem, sidecar
    if strict_layout and dump_meta(meta) != text:
        return None, "không đúng bố cục chuẩn; chạy `hoagiai fmt` để sửa", sidecar
    content = audio.read_bytes()
    problem = content_problem(content)
    if problem:
        return None, problem, audio
    return ClipFile(entry_id, lang, meta, content), None, sidecar


def format_audio_dir(root: Path) -> list[Path]:
    """Rewrite valid sidecar files into the canonical layout; returns those that changed."""
    changed = []
    for path in sorted((root / AUDIO_DIR).glob("*.yaml")) if (root / AUDIO_DIR).is_dir() else []:
        text = path.read_text(encoding="utf-8")
        meta, _ = parse_meta(text)
        if meta is not None and dump_meta(meta) != text:
            path.write_text(dump_meta(meta), encoding="utf-8")
            changed.append(path)
    return changed
