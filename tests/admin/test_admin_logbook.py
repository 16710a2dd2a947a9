"""The logbook in the console: the province's statistics (page, CSV, .xlsx, API) agree with `hoagiai report` and with
the records; staff scoped to a commune see only it; a team leader sees only the team, and no editor or staff page."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.domain import accounts
from bot.storage import accounts_repo
from bot.storage.db import open_database
from tests.admin_support import PASSWORD, password_hash
from tests.logbook_stats_support import END, EXPECTED, START, hoagiai, seed, stats_knowledge

PERIOD = f"from={START}&to={END}"


@pytest.fixture
def sample_knowledge(make_knowledge):  # type: ignore[no-untyped-def]
    return stats_knowledge(make_knowledge)  # the console fixtures build the server on this folder


def add_scoped(console, username: str, role: str, *, team: str = "", communes: str = "") -> None:  # type: ignore[no-untyped-def]
    console.core.db.call(accounts.create_account, username=username, role=role, password_hash=password_hash(),
                         must_change=False, actor="test", team=team, communes_text=communes,
                         communes=console.core.service.snapshot.knowledge.communes)


def bearer(console, username: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    token, _ = console.core.db.call(accounts.create_api_token, username=username, actor="test")
    return {"Authorization": f"Bearer {token}"}


def table_rows(html: str) -> dict[str, list[int]]:
    """commune id (or "total") -> the numbers of its row on the statistics page."""
    found = {}
    for cid, cells in re.findall(r'<tr data-commune="([^"]+)">(.*?)</tr>', html, re.S):
        found[cid] = [int(v) for v in re.findall(r"<td>(\d+)</td>", cells)]
    return found


async def test_console_statistics_the_api_and_hoagiai_report_agree_with_the_records(console, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed(console.core.db)
    admin = await console.agent("admin")
    page = await admin.get(f"/admin/logbook?{PERIOD}")
    html = await page.text()
    assert page.status == 200
    rows = table_rows(html)
    total = EXPECTED["total"]
    # cases, the four results, the five kinds (the lists' order)
    assert rows["total"] == [total["cases"], *total["by_result"].values(), *total["by_kind"].values()]
    for commune in EXPECTED["communes"]:
        assert rows[commune["id"]] == [commune["cases"], *commune["by_result"].values(), *commune["by_kind"].values()]
    assert '<b id="success-rate">80.0%</b>' in html and "Tóm tắt" not in html
    backwards = await admin.get(f"/admin/logbook?from={END}&to={START}")
    assert backwards.status == 400 and "Ngày kết thúc phải sau" in await backwards.text()
    unknown = await admin.get(f"/admin/logbook.csv?{PERIOD}&commune=xa-khong-co")
    assert unknown.status == 400
    api = await console.get(f"/admin/api/logbook?{PERIOD}", headers=bearer(console, "admin"))
    assert api.status == 200 and await api.json() == EXPECTED
    cli = hoagiai({"HOAGIAI_DATA_DIR": str(tmp_path / "data")}, "report", "--from", START, "--to", END)
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == EXPECTED  # the same database: the same numbers
    download = await admin.get(f"/admin/logbook.csv?{PERIOD}")
    table = list(csv.reader(io.StringIO((await download.read()).decode("utf-8-sig"))))
    assert download.status == 200 and table[-1][:6] == ["Tổng cộng", "7", "4", "1", "1", "1"]
    assert {r[0] for r in table[1:-1]} == {"Xã Chiềng A", "Xã Mường B"}
    sheet = await admin.get(f"/admin/logbook.xlsx?{PERIOD}")
    book = load_workbook(io.BytesIO(await sheet.read()))
    values = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert next(r for r in values if r[1] == "Tổng cộng")[2:7] == [7, 4, 1, 1, 1]
    months = [[c.value for c in row] for row in book.worksheets[1].iter_rows()]
    assert [r[1] for r in months[1:]] == [2, 1, 1, 1, 1, 1] and sum(r[1] for r in months[1:]) == 7


async def test_staff_scoped_to_commune_a_cannot_see_commune_b(console) -> None:  # type: ignore[no-untyped-def]
    seed(console.core.db)
    add_scoped(console, "canbo-a", "staff", communes="xa-a")
    staff = await console.agent("canbo-a")
    page = await staff.get(f"/admin/logbook?{PERIOD}")
    html = await page.text()
    assert page.status == 200 and table_rows(html)["total"][0] == 5
    assert "Xã Mường B" not in html and 'data-commune="xa-b"' not in html
    for path in ("/admin/logbook", "/admin/logbook.csv", "/admin/logbook.xlsx"):
        resp = await staff.get(f"{path}?{PERIOD}&commune=xa-b")
        assert resp.status == 403, path
    own = await staff.get(f"/admin/logbook.csv?{PERIOD}")
    assert "Xã Mường B" not in (await own.read()).decode("utf-8-sig")
    headers = bearer(console, "canbo-a")
    refused = await console.get(f"/admin/api/logbook?{PERIOD}&commune=xa-b", headers=headers)
    assert refused.status == 403
    mine = await (await console.get(f"/admin/api/logbook?{PERIOD}", headers=headers)).json()
    assert [c["id"] for c in mine["communes"]] == ["xa-a"] and mine["total"]["cases"] == 5
    assert (await staff.get("/admin/cases")).status == 200  # the escalation desk is unchanged
    everyone = await console.agent("staff")  # unscoped staff see every commune
    assert (await everyone.get(f"/admin/logbook?{PERIOD}&commune=xa-b")).status == 200


async def test_leader_made_on_the_command_line_sees_only_the_team_report(console, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed(console.core.db)
    env = {"HOAGIAI_DATA_DIR": str(tmp_path / "data")}
    wrong = hoagiai(env, "admin", "create-user", "totruong", "--role", "leader", "--team", "xa-a/ban-khong-co",
                    stdin=f"{PASSWORD}\n")
    assert wrong.returncode == 1 and "Xã Chiềng A không có bản này" in wrong.stderr
    made = hoagiai(env, "admin", "create-user", "totruong", "--role", "leader", "--team", "xa-a/ban-hua-la",
                   stdin=f"{PASSWORD}\n")
    assert made.returncode == 0, made.stderr
    leader = await console.agent("totruong")
    home = await leader.get("/admin/", allow_redirects=False)
    assert home.headers["Location"] == "/admin/team"
    page = await leader.get(f"/admin/team?{PERIOD}")
    html = await page.text()
    assert page.status == 200 and "Bản Hụa La, Xã Chiềng A" in html
    report = re.search(r'<pre class="report" id="team-report">(.*?)</pre>', html, re.S).group(1)  # type: ignore[union-attr]
    # Bản Hụa La in the period: 2 thành (one performed), 1 không thành, 1 đang; Bản Nà Ngà's case is another team's.
    assert "Tổng số vụ, việc: 4" in report and "Hòa giải thành: 2" in report and "Đang hòa giải: 1" in report
    assert "Tỷ lệ hòa giải thành: 66.7%" in report
    assert "Thỏa thuận chưa được thực hiện xong: 1" in report and "15/01/2026: Đất đai, hạn thực hiện 01/03/2026" in report
    assert "Khó khăn, vướng mắc hòa giải viên ghi lại: 2" in report and "Thiếu tài liệu pháp luật" in report
    assert "Tóm tắt" not in report
    bad = await leader.get("/admin/team?from=2026-02-30&to=2026-03-01")
    assert bad.status == 400 and "Ngày “2026-02-30” không hợp lệ" in await bad.text()
    word = await leader.get(f"/admin/team/report.docx?{PERIOD}")
    assert word.status == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(await word.read())).paragraphs)
    assert "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ" in text and "Tổng số vụ, việc: 4" in text
    assert "Các bên chưa tin nhau" in text and "Tóm tắt" not in text


async def test_a_leader_reaches_no_editor_staff_or_admin_page(console) -> None:  # type: ignore[no-untyped-def]
    add_scoped(console, "totruong", "leader", team="xa-a/Bản Nà Ngà")
    leader = await console.agent("totruong")
    for path in ("/admin/dashboard", "/admin/entries", "/admin/entries/new", "/admin/inbox", "/admin/test",
                 "/admin/training", "/admin/communes", "/admin/cases", "/admin/users", "/admin/audit",
                 f"/admin/logbook?{PERIOD}", f"/admin/logbook.csv?{PERIOD}", "/admin/transfer"):
        resp = await leader.get(path, allow_redirects=False)
        assert resp.status == 403, path
    posted = await leader.post("/admin/entries/new", {"kind": "qa"})
    assert posted.status == 403
    headers = bearer(console, "totruong")
    for path in ("/admin/api/entries", f"/admin/api/logbook?{PERIOD}"):
        assert (await console.get(path, headers=headers)).status == 403, path
    assert (await leader.get("/admin/team")).status == 200
    code = await leader.post("/admin/account/link-code")  # to read /sotodoi in the chat
    assert code.status == 200 and "/lienket" in await code.text()


async def test_the_users_page_makes_a_leader_only_with_a_team(console) -> None:  # type: ignore[no-untyped-def]
    admin = await console.agent("admin")
    missing = await admin.post("/admin/users", {"username": "lead1", "role": "leader", "team": ""})
    assert missing.status == 400 and "cần tổ hòa giải" in await missing.text()
    made = await admin.post("/admin/users", {"username": "lead1", "role": "leader", "team": "xa-b/Bản Pát"})
    assert made.status == 200
    scoped = await admin.post("/admin/users/staff/scope", {"communes": "xa-a, xa-khong-co"})
    assert scoped.status == 400 and "xa-khong-co" in await scoped.text()
    await admin.post("/admin/users/staff/scope", {"communes": "xa-b"})
    no_team = await admin.post("/admin/users/editor2/role", {"role": "leader", "team": ""})
    assert no_team.status == 400
    await admin.post("/admin/users/editor2/role", {"role": "leader", "team": "xa-a/ban na nga"})
    users = {u.username: u for u in console.core.db.call(accounts_repo.list_users)}
    assert users["lead1"].team == "xa-b/Bản Pát" and users["staff"].communes == ("xa-b",)
    assert (users["editor2"].role, users["editor2"].team) == ("leader", "xa-a/Bản Nà Ngà")  # the listed name


def test_staff_scoped_on_the_command_line(tmp_path: Path, make_knowledge) -> None:  # type: ignore[no-untyped-def]
    env = {"HOAGIAI_DATA_DIR": str(tmp_path / "data"), "HOAGIAI_KNOWLEDGE_DIR": str(stats_knowledge(make_knowledge))}
    unknown = hoagiai(env, "admin", "create-user", "canbo", "--role", "staff", "--communes", "xa-a,xa-z",
                      stdin=f"{PASSWORD}\n")
    assert unknown.returncode == 1 and "Không có xã, phường với mã: xa-z" in unknown.stderr
    wrong_role = hoagiai(env, "admin", "create-user", "bientap", "--role", "editor", "--team", "xa-a/Bản Nà Ngà",
                         stdin=f"{PASSWORD}\n")
    assert wrong_role.returncode == 1 and "Chỉ tài khoản tổ trưởng" in wrong_role.stderr
    made = hoagiai(env, "admin", "create-user", "canbo", "--role", "staff", "--communes", "xa-a", stdin=f"{PASSWORD}\n")
    assert made.returncode == 0, made.stderr
    db = open_database(None, tmp_path / "data")
    try:
        account = db.call(accounts_repo.get_user, username="canbo")
        assert account is not None and account.communes == ("xa-a",) and account.team == ""
        assert db.call(accounts_repo.get_user, username="bientap") is None  # refused: nothing was made
    finally:
        db.dispose()
