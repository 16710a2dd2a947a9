"""Recorded answers as knowledge files: `hoagiai check` validates knowledge/audio/, and the clips travel byte for byte
through import/export, the console's zip and `hoagiai backup`/`restore` (SQLite and PostgreSQL)."""

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from bot.app import build_core
from bot.cli import main
from bot.core import ogg
from bot.core.clips import ClipMeta, dump_meta
from bot.domain.transfer import dry_run, export_zip, unpack
from bot.storage import audio_repo, knowledge_repo
from bot.storage.backup import create_backup, restore_backup
from bot.storage.database import Database
from bot.storage.db import make_engine, migrate
from tests.audio_support import make_audio, needs_ffmpeg, voice_knowledge, write_clip

pytestmark = needs_ffmpeg


def run_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--knowledge", str(root)])
    out = capsys.readouterr()
    return code, out.out + out.err


def clips_of(db: Database) -> dict[tuple[str, str], bytes]:
    return {(c.entry_id, c.lang): c.content for c in db.call(lambda *, session: [
        audio_repo.get_clip(session=session, clip_id=m.id) for m in audio_repo.all_clips(session=session)]) if c}


def test_check_accepts_clips_of_existing_entries_in_listed_languages(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = voice_knowledge(tmp_path / "kb")
    write_clip(root, "ma-chai", "vi", make_audio("ogg"), transcript="Không có căn cứ khoa học.")
    write_clip(root, "ma-chai", "hmn", make_audio("ogg", 3.0))
    code, out = run_check(root, capsys)
    assert code == 0, out
    assert "Bản ghi âm: 2 (ngôn ngữ: vi, blt, twh, hmn)" in out


@pytest.mark.parametrize(("make", "expected"), [
    (lambda root: write_clip(root, "khong-co-muc-nay", "vi", make_audio()), "nội dung không tồn tại: khong-co-muc-nay"),
    (lambda root: write_clip(root, "ma-chai", "fr", make_audio()), "ngôn ngữ `fr` không có trong languages.yaml"),
    (lambda root: write_clip(root, "ma-chai", "vi", make_audio("mp3")), "không phải tệp Ogg/Opus hợp lệ"),
    (lambda root: (write_clip(root, "ma-chai", "vi", make_audio()), (root / "audio" / "ma-chai.vi.yaml").unlink()),
     "thiếu tệp ma-chai.vi.yaml"),
    (lambda root: (write_clip(root, "ma-chai", "vi", make_audio()),
                   (root / "audio" / "ma-chai.vi.yaml").write_text("speaker:   Lò Văn Pánh\n", encoding="utf-8")),
     "không đúng bố cục chuẩn"),
    (lambda root: (write_clip(root, "ma-chai", "vi", make_audio()),
                   (root / "audio" / "ma-chai.vi.yaml").write_text("transcript: x\n", encoding="utf-8")),
     "cần ghi tên người đọc"),
    (lambda root: write_clip(root, "ma-chai", "vi", make_audio("ogg", 200.0)), "bản ghi dài hơn 3 phút"),
], ids=["unknown entry", "unlisted language", "not ogg", "no sidecar", "layout", "no speaker", "too long"])
def test_check_names_the_file_of_each_broken_clip(tmp_path: Path, capsys, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    root = voice_knowledge(tmp_path / "kb")
    make(root)
    code, out = run_check(root, capsys)
    assert code == 1 and expected in out, out
    assert str(root / "audio" / "ma-chai") in out or str(root / "audio" / "khong-co-muc-nay") in out


def test_fmt_rewrites_a_sidecar_into_the_canonical_layout(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = voice_knowledge(tmp_path / "kb")
    write_clip(root, "ma-chai", "vi", make_audio())
    sidecar = root / "audio" / "ma-chai.vi.yaml"
    sidecar.write_text("speaker:    'Lò Văn Pánh'\ntranscript: 'Một câu.'\n", encoding="utf-8")
    assert main(["fmt", "--knowledge", str(root)]) == 0
    assert sidecar.read_text(encoding="utf-8") == dump_meta(ClipMeta("Lò Văn Pánh", "Một câu."))
    assert run_check(root, capsys)[0] == 0


def test_import_then_export_keeps_clips_byte_for_byte(db: Database, tmp_path: Path) -> None:
    root = voice_knowledge(tmp_path / "kb")
    write_clip(root, "ma-chai", "vi", make_audio("ogg"), transcript="Dòng một.\nDòng hai.")
    write_clip(root, "ma-chay", "blt", make_audio("ogg", 3.0), speaker="Cà Thị Xuân")
    report = db.call(knowledge_repo.import_directory, root=root, author="test")
    assert report.clips == 2 and not report.errors
    again = db.call(knowledge_repo.import_directory, root=root, author="test")
    assert again.clips == 0  # an unchanged clip is not stored again
    out = tmp_path / "export"
    db.call(knowledge_repo.export_directory, root=out)
    for name in ("ma-chai.vi.ogg", "ma-chai.vi.yaml", "ma-chay.blt.ogg", "ma-chay.blt.yaml"):
        assert (out / "audio" / name).read_bytes() == (root / "audio" / name).read_bytes(), name
    kb, _, errors = db.call(knowledge_repo.load_live)
    assert not errors and [c.lang for c in kb.clips_of("ma-chay")] == ["blt"]
    assert kb.clips_of("ma-chai")[0].duration_s == ogg.inspect(make_audio("ogg")).duration_s


def test_the_console_zip_carries_clips_and_its_dry_run_reports_them(db: Database, tmp_path: Path) -> None:
    root = voice_knowledge(tmp_path / "kb")
    write_clip(root, "ma-chai", "vi", make_audio("ogg"))
    db.call(knowledge_repo.import_directory, root=root, author="test")
    data = db.call(export_zip)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert {"audio/ma-chai.vi.ogg", "audio/ma-chai.vi.yaml", "languages.yaml"} <= set(names)
    unpacked = tmp_path / "unpacked"
    unpack(data, unpacked)
    assert (unpacked / "audio" / "ma-chai.vi.ogg").read_bytes() == make_audio("ogg")
    assert db.call(dry_run, root=unpacked).files_changed == []  # the same clip: nothing would change
    write_clip(unpacked, "ma-chai", "vi", make_audio("ogg", 3.0))
    assert "audio/ma-chai.vi.ogg" in db.call(dry_run, root=unpacked).files_changed


async def test_backup_and_restore_keep_clips_byte_for_byte(database_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = voice_knowledge(tmp_path / "kb")
    write_clip(root, "ma-chai", "vi", make_audio("ogg"))
    write_clip(root, "ma-chai", "twh", make_audio("ogg", 3.0))
    source = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=root))  # SQLite
    archive = tmp_path / "backup.zip"
    create_backup(source.db, archive)
    before = clips_of(source.db)
    await source.close()
    with zipfile.ZipFile(archive) as zf:  # the backup's knowledge copy has the clips as files too
        assert zf.read("knowledge/audio/ma-chai.twh.ogg") == make_audio("ogg", 3.0)
    engine = make_engine(database_url)  # PostgreSQL too when parametrized so
    migrate(engine)
    restore_backup(Database(engine), archive)
    engine.dispose()
    restored = build_core(settings_for(database_url, HOAGIAI_KNOWLEDGE_DIR=tmp_path / "nowhere"))
    assert clips_of(restored.db) == before and len(before) == 2
    assert [c.lang for c in restored.service.snapshot.knowledge.clips_of("ma-chai")] == ["vi", "twh"]
    await restored.close()


def test_a_clip_in_an_unlisted_language_is_refused_by_import(db: Database, tmp_path: Path) -> None:
    root = voice_knowledge(tmp_path / "kb")
    write_clip(root, "ma-chai", "vi", make_audio())
    shutil.copy(root / "audio" / "ma-chai.vi.ogg", root / "audio" / "ma-chai.xyz.ogg")
    shutil.copy(root / "audio" / "ma-chai.vi.yaml", root / "audio" / "ma-chai.xyz.yaml")
    report = db.call(knowledge_repo.import_directory, root=root, author="test")
    assert report.clips == 1 and any("xyz" in str(e) for e in report.errors)
