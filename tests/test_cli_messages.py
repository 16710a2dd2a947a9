"""What the command line says when it is pointed at the wrong place, and that installing prints no deprecation."""

import os
import subprocess
import sys
from pathlib import Path

from bot.app import build_core
from bot.storage.backup import create_backup

HOAGIAI = [sys.executable, "-m", "bot.cli"]
ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(data_dir), "HOAGIAI_USER_SALT": "s"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([*HOAGIAI, *args], env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_a_knowledge_folder_that_does_not_exist_is_named_as_such(tmp_path: Path) -> None:
    for command in ("check", "fmt", "ask"):
        args = [command, "--knowledge", "/no/such/dir"] + (["câu hỏi"] if command == "ask" else [])
        proc = run(*args, data_dir=tmp_path)
        assert proc.returncode == 1 and proc.stdout == ""
        assert proc.stderr.strip() == "Không tìm thấy thư mục: /no/such/dir", proc.stderr


def test_restore_into_a_database_in_use_says_how_to_restore_into_an_empty_one(tmp_path: Path, settings_for,  # type: ignore[no-untyped-def]
                                                                               sample_knowledge: Path) -> None:
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge)
    core = build_core(settings)
    archive = tmp_path / "sao-luu.zip"
    create_backup(core.db, archive)
    core.db.dispose()
    refused = run("restore", str(archive), data_dir=settings.data_dir)
    assert refused.returncode == 1 and "không trống" in refused.stderr
    assert f"HOAGIAI_DATA_DIR=./data-khoi-phuc .venv/bin/hoagiai restore {archive}" in refused.stderr
    assert "DATABASE_URL=postgresql+psycopg://" in refused.stderr


def test_installing_the_package_prints_no_setuptools_deprecation() -> None:
    """What `make install` runs (pip builds the project's metadata in an isolated environment)."""
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--dry-run", "--no-input", "-e", str(ROOT)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    output = proc.stdout + proc.stderr
    assert "deprecated" not in output.lower() and "BuildBackendWarning" not in output, output
