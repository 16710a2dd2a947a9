"""`hoagiai chat` runs the same dialogue as the other channels through its terminal door (menu, paging, /kiemtra,
/vanban, feedback), on the configured database, and writes a generated .docx into the current folder."""

import io
from pathlib import Path

import pytest
import yaml
from sqlmodel import select

from bot.cli import main
from bot.core import texts
from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.storage.database import Database
from bot.storage.db import make_engine
from bot.storage.models import Feedback, QuestionLog
from tests.tools_support import add_tool_files, docx_text


def chat(tmp_path: Path, knowledge: Path, lines: list[str], monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> str:
    """`hoagiai chat` with these lines typed, in a work folder; what it printed."""
    monkeypatch.setenv("HOAGIAI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOAGIAI_USER_SALT", "s")
    monkeypatch.setenv("HOAGIAI_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    capsys.readouterr()
    assert main(["chat"]) == 0
    return capsys.readouterr().out


def test_the_terminal_runs_the_whole_dialogue_and_saves_the_document(tmp_path: Path, sample_knowledge: Path,
                                                                     monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    fields = [f for s in yaml.safe_load((BUNDLED_KNOWLEDGE / "templates/so-theo-doi-hoa-giai.yaml").read_text())
              ["sections"] for f in s.get("fields") or []]
    lines = ["hoa giai vien co duoc tra thu lao khong", "1",  # the answer, then 👍 by its number
             "/kiemtra", "/vanban", "3", "Tổ hòa giải bản Mé", *["bỏ qua"] * (len(fields) - 1), "1", "thoat"]
    out = chat(tmp_path, add_tool_files(sample_knowledge), lines, monkeypatch, capsys)
    assert out.startswith(texts.CLI_CHAT_WELCOME) and "Xin chào!" in out
    assert f"1. {texts.BTN_QA}" in out  # the main menu, numbered
    assert "Căn cứ: Luật HGCS (Điều 9)" in out and texts.THANKS_HELPFUL in out
    assert texts.SCOPE_INTRO in out and texts.PAPERWORK_REVIEW in out
    saved = list((tmp_path / "work").glob("so-theo-doi-hoa-giai-*.docx"))
    assert len(saved) == 1 and texts.CLI_CHAT_SAVED.format(path=saved[0].resolve()) in out
    assert "Tổ hòa giải bản Mé" in docx_text(saved[0].read_bytes())
    db = Database(make_engine(f"sqlite:///{tmp_path / 'data' / 'hoagiai.db'}"))
    try:
        questions = db.call(lambda *, session: [(q.channel, q.outcome) for q in session.exec(select(QuestionLog))])
        feedback = db.call(lambda *, session: [(f.channel, f.helpful) for f in session.exec(select(Feedback))])
    finally:
        db.dispose()
    assert questions == [("terminal", "answer")] and feedback == [("terminal", True)]


def test_paging_and_exit_at_end_of_input(tmp_path: Path, sample_knowledge: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    out = chat(tmp_path, sample_knowledge, ["1", "1"], monkeypatch, capsys)  # 📚 Hỏi đáp, then the first topic
    assert texts.TOPICS_TITLE in out and "(trang 1/2):" in out
    assert texts.BTN_NEXT.format(page=2, pages=2) in out
    again = chat(tmp_path, sample_knowledge, ["/vanban", "thoát", "thu lao hgv"], monkeypatch, capsys)  # stops there
    assert "thù lao" not in again.split(texts.PAPERWORK_UNAVAILABLE)[-1]
