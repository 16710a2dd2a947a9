"""The README answers what a new operator asks first: how to call the command line, how to restore a backup into
an empty database, and which channels write the question log."""

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readme_says_how_to_call_the_command_line() -> None:
    assert ".venv/bin/hoagiai" in README and "source .venv/bin/activate" in README


def test_the_readme_says_how_to_restore_into_an_empty_database() -> None:
    section = README[README.index("**Restoring a backup.**"):]
    assert "HOAGIAI_DATA_DIR=./data-khoi-phuc .venv/bin/hoagiai restore" in section and "createdb" in section


def test_the_readme_says_which_channels_write_the_question_log() -> None:
    section = README[README.index("**The question log.**"):].split("\n\n")[0]
    for channel in ("web chat", "Telegram", "Zalo Bot Platform", "Zalo Official Account"):
        assert channel in section
    assert re.search(r"Not logged:.*hoagiai ask.*library.*Thử câu hỏi.*staff chats", section, re.S)
