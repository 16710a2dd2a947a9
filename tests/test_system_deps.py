"""`make test` on a fresh machine: scripts/system-deps.sh says in one line what to install when it may not install
it, and the tests that need a missing piece are skipped with that reason instead of failing."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-deps.sh"


def bare_path(tmp_path: Path) -> str:
    """A PATH with the shell's basic tools only: no ffmpeg, no npm, no apt-get."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("bash", "dirname", "id", "cat"):
        found = shutil.which(name)
        assert found
        (tools / name).symlink_to(found)
    return str(tools)


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": bare_path(tmp_path), "HOME": str(tmp_path), "SYSTEM_DEPS_INSTALL": "no",
            "HOAGIAI_CHROMIUM": str(tmp_path / "no-chromium"), "DEJAVU_FONT": str(tmp_path / "no-font.ttf"),
            "AXE_DIR": str(tmp_path / "npm")}
    return subprocess.run(["bash", str(SCRIPT), *args], env={**base, **env}, capture_output=True, text=True,
                          timeout=30, check=False)


def test_without_the_right_to_install_one_line_says_what_to_install(tmp_path: Path) -> None:
    done = run(tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    [line] = done.stdout.splitlines()
    assert "apt-get install fonts-dejavu-core ffmpeg chromium npm" in line and "skipped" in line


def test_the_server_needs_fewer_things_than_the_tests(tmp_path: Path) -> None:
    done = run(tmp_path, "run")
    [line] = done.stdout.splitlines()
    assert "apt-get install fonts-dejavu-core ffmpeg" in line and "chromium" not in line


def test_nothing_is_said_when_everything_is_there(tmp_path: Path) -> None:
    font = tmp_path / "font.ttf"
    font.write_bytes(b"")
    axe = tmp_path / "npm" / "node_modules" / "axe-core" / "axe.min.js"
    axe.parent.mkdir(parents=True)
    axe.write_text("")
    browser = tmp_path / "chromium"
    browser.write_text("")
    browser.chmod(0o755)
    tools = tmp_path / "extra"
    tools.mkdir()
    (tools / "ffmpeg").write_text("")
    (tools / "ffmpeg").chmod(0o755)
    (tmp_path / "p").mkdir()
    done = run(tmp_path, DEJAVU_FONT=str(font), HOAGIAI_CHROMIUM=str(browser), PATH=f"{bare_path(tmp_path / 'p')}:{tools}")
    assert done.returncode == 0 and done.stdout == ""


def test_a_browser_test_is_skipped_with_the_reason_when_chromium_is_missing(tmp_path: Path) -> None:
    env = {**os.environ, "HOAGIAI_CHROMIUM": str(tmp_path / "no-chromium")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           "tests/test_webchat_slow.py::test_the_typing_state_waits_300_ms"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 skipped" in done.stdout and "Chromium is missing" in done.stdout and "apt-get install chromium" in done.stdout
