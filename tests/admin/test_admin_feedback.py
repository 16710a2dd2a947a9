"""A mediator's 👎, its reason and written comment reach editors: the inbox cluster, the JSON API, the command line
and the entry's own page (with its 👍/👎 counts). The dashboard counts Vietnamese days."""

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from typing import Any

from bot.core import texts
from bot.core.vntime import LOCAL_TZ, local_today
from bot.domain import accounts
from bot.storage import questions_repo
from bot.storage.models import QuestionLog

COMMENT = "Ở bản tôi xã trả thù lao theo tháng, gọi 0912 345 678"
MASKED = "Ở bản tôi xã trả thù lao theo tháng, gọi •••"


async def chat(console, session: str, **body: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    resp = await console.post("/api/chat", json={"session": session, **body})
    assert resp.status == 200
    return await resp.json()  # type: ignore[no-any-return]


async def thumbs_down_with_comment(console, session: str, question: str, comment: str) -> str:  # type: ignore[no-untyped-def]
    answer = await chat(console, session, text=question)
    entry_id = answer["results"][0]["id"]
    resp = await console.post("/api/feedback", json={"session": session, "entry_id": entry_id, "helpful": False,
                                                    "reason": "missing_case"})
    assert resp.status == 200
    thanks = await chat(console, session, text=comment)  # the dialogue asks for one line after the reason
    assert texts.THANKS_FEEDBACK in json.dumps(thanks, ensure_ascii=False)
    return str(entry_id)


def hoagiai(console, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(console.core.settings.data_dir), "HOAGIAI_USER_SALT": "test-salt"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


async def test_a_thumbs_down_comment_reaches_the_inbox_the_api_the_cli_and_the_entry_page(console) -> None:  # type: ignore[no-untyped-def]
    entry_id = await thumbs_down_with_comment(console, "fb1", "hgv co duoc tra tien khong", COMMENT)
    assert entry_id == "thu-lao-hoa-giai-vien"
    editor = await console.agent("editor")

    inbox = await (await editor.get("/admin/inbox")).text()
    assert MASKED in inbox and "0912" not in inbox  # masked before it was stored
    assert texts.REASONS["missing_case"] in inbox and f'href="/admin/entries/{entry_id}"' in inbox

    token, _ = console.core.db.call(accounts.create_api_token, username="editor", actor="test")
    api = await console.get("/admin/api/unanswered", headers={"Authorization": f"Bearer {token}"})
    (cluster,) = (await api.json())["clusters"]
    assert [(c["text"], c["reason"], c["entry_id"]) for c in cluster["comments"]] == [(MASKED, "missing_case", entry_id)]

    cli = hoagiai(console, "unanswered", "--json")
    assert cli.returncode == 0, cli.stderr
    (group,) = json.loads(cli.stdout)
    assert group["source"] == "feedback" and group["reasons"] == ["missing_case"]
    assert [(c["text"], c["reason"]) for c in group["comments"]] == [(MASKED, "missing_case")]
    plain = hoagiai(console, "unanswered")
    assert f"{texts.REASONS['missing_case']}: {MASKED}" in plain.stdout

    await chat(console, "fb2", text="hgv co duoc tra tien khong")
    await console.post("/api/feedback", json={"session": "fb2", "entry_id": entry_id, "helpful": True})
    page = await (await editor.get(f"/admin/entries/{entry_id}")).text()
    assert "👍 1 hữu ích" in page and "👎 1 chưa đúng" in page and MASKED in page
    other = await (await editor.get("/admin/entries/ma-chai")).text()
    assert "👎 0 chưa đúng" in other and MASKED not in other


async def test_unanswered_json_is_an_empty_list_when_nothing_waits(console) -> None:  # type: ignore[no-untyped-def]
    cli = hoagiai(console, "unanswered", "--json")
    assert cli.returncode == 0 and json.loads(cli.stdout) == []


async def test_the_dashboard_counts_days_in_vietnam_time(console) -> None:  # type: ignore[no-untyped-def]
    today = local_today()
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=LOCAL_TZ)
    # One minute apart, the same UTC date (17:00 UTC is midnight in Vietnam), two Vietnamese days.
    for when, text in ((midnight - dt.timedelta(minutes=1), "hôm qua"), (midnight, "hôm nay")):
        qid = console.core.db.call(questions_repo.log_question, channel="web", user_key="u", text=text,
                                   normalized=text, outcome="none", top_id=None, top_score=None, latency_ms=1.0)

        def move(*, session, qid=qid, when=when):  # type: ignore[no-untyped-def]
            row = session.get(QuestionLog, qid)
            row.created_at = when.astimezone(dt.UTC)
            session.add(row)

        console.core.db.call(move)
    editor = await console.agent("editor")
    body = await (await editor.get("/admin/dashboard.csv?days=7")).text()
    rows = {r[0]: r for r in csv.reader(io.StringIO(body.lstrip("\ufeff"))) if r}
    yesterday = today - dt.timedelta(days=1)
    assert rows[today.isoformat()][1] == "1" and rows[yesterday.isoformat()][1] == "1"
    page = await (await editor.get("/admin/dashboard?days=7")).text()
    assert "giờ Việt Nam" in page and "UTC" not in page
