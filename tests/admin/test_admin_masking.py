"""Phone, ID/CCCD and bank account numbers and e-mail addresses are masked before any user text is stored: the
question log (inbox, `hoagiai unanswered`), the web chat history and cases; document numbers, article numbers,
amounts, dates and years never are."""

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from sqlmodel import select

from bot.core.privacy import mask_personal
from bot.storage.models import Case, CaseMessage, ChatTurn, QuestionLog

PERSONAL = ["0912 345 678", "0912345678", "+84 912.345.678", "84912345678", "001203004567", "123456789",
            "1903 5678 9012 3456", "0071000123456", "nguyen.van.a@gmail.com", "ho-ten+1@xa.gov.vn"]
KEPT = ["35/2013/QH13", "15/2014/NĐ-CP", "Điều 27", "khoản 2", "300.000 đồng", "1.500.000đ", "2000000 đồng",
        "100000000 VND", "84.500.000.000 đồng", "12/03/2024", "12-03-2024", "năm 2024", "2013 2014", "20 triệu"]


@pytest.mark.parametrize("text", PERSONAL)
def test_personal_numbers_and_addresses_are_masked(text: str) -> None:
    masked = mask_personal(f"liên hệ {text} để nói rõ")
    assert masked == "liên hệ ••• để nói rõ"


@pytest.mark.parametrize("text", KEPT)
def test_document_and_article_numbers_amounts_dates_and_years_are_kept(text: str) -> None:
    assert mask_personal(f"theo {text} thì sao") == f"theo {text} thì sao"


QUESTION = ("Con trâu lạc sang vườn bên cạnh, đòi 300.000 đồng theo 35/2013/QH13 ngày 12/03/2024 được không? "
            "Gọi tôi 0912 345 678, CCCD 001203004567, STK 0071000123456, thư a.b@gmail.com")
SECRETS = ("0912", "001203004567", "0071000123456", "a.b@gmail.com")


def hoagiai(console, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(console.core.settings.data_dir), "HOAGIAI_USER_SALT": "test-salt"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


async def chat(console, session: str, **body: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    resp = await console.post("/api/chat", json={"session": session, **body})
    assert resp.status == 200, await resp.text()
    return await resp.json()  # type: ignore[no-any-return]


async def test_a_question_is_masked_in_the_log_the_inbox_the_cli_and_the_web_history(console) -> None:  # type: ignore[no-untyped-def]
    session = "masking-session-0123456789abcdef"  # a strong session id: its history is kept
    assert (await chat(console, session, text=QUESTION))["outcome"] == "none"
    stored = console.core.db.call(lambda *, session: session.exec(select(QuestionLog.text, QuestionLog.normalized))
                                  .all())
    assert stored and all(s not in str(stored) for s in SECRETS)
    assert "300.000 đồng" in stored[0][0] and "35/2013/QH13" in stored[0][0] and "12/03/2024" in stored[0][0]
    turns = console.core.db.call(lambda *, session: session.exec(select(ChatTurn.text)).all())
    assert turns and all(s not in " ".join(turns) for s in SECRETS)

    editor = await console.agent("editor")
    inbox = await (await editor.get("/admin/inbox")).text()
    assert "35/2013/QH13" in inbox and "•••" in inbox and all(s not in inbox for s in SECRETS)
    for args in (("unanswered",), ("unanswered", "--json")):
        out = hoagiai(console, *args)
        assert out.returncode == 0, out.stderr
        assert "300.000 đồng" in out.stdout or "300.000 đồng" in json.loads(out.stdout)[0]["example"]
        assert all(s not in out.stdout for s in SECRETS)


async def test_a_case_stores_the_description_and_the_attached_question_masked(console) -> None:  # type: ignore[no-untyped-def]
    session = "masking-case-0123456789abcdef"
    await chat(console, session, text=QUESTION)
    await chat(console, session, action="chuyen")
    replies = await chat(console, session, action="c:topic:")
    for _ in range(6):  # answer each step of the form with the same text until the case is sent
        text = json.dumps(replies, ensure_ascii=False)
        if "c:attach:y" in text:
            replies = await chat(console, session, action="c:attach:y")
        elif "c:commune" in text:
            replies = await chat(console, session, action="c:commune")
        else:
            replies = await chat(console, session, text="Nhà bên gọi 0987654321 hoặc e-mail x.y@z.vn, 300.000 đồng")
        if console.core.db.call(lambda *, session: session.exec(select(Case)).all()):
            break
    [case] = console.core.db.call(lambda *, session: session.exec(select(Case)).all())
    messages = console.core.db.call(lambda *, session: session.exec(select(CaseMessage.text)).all())
    stored = " ".join([case.description or "", case.attached_question or "", *messages])
    assert "0987654321" not in stored and "x.y@z.vn" not in stored and "300.000 đồng" in stored
    assert all(s not in stored for s in SECRETS)
