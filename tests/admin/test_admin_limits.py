"""Request limits: JSON bodies over 64 KB (413) or nested deeper than 32 levels (400) are refused before parsing on
/api/chat and the console's API; numeric URL parameters out of range give a clear 400 (a 404 for an id in the path),
never a 503."""

import html

import pytest

from bot.core import texts
from bot.domain import accounts
from tests.support import BIG_JSON, DEEP_JSON

HUGE = "9" * 40  # past every integer column
ENORMOUS = "1" * 5000  # past Python's int() limit for strings


def token_for(console, username: str) -> str:  # type: ignore[no-untyped-def]
    token, _ = console.core.db.call(accounts.create_api_token, username=username, actor="test")
    return str(token)


async def test_deep_or_oversized_json_is_refused_on_the_chat_api(console) -> None:  # type: ignore[no-untyped-def]
    headers = {"Content-Type": "application/json"}
    deep = await console.post("/api/chat", data=DEEP_JSON, headers=headers)
    assert deep.status == 400
    assert (await deep.json())["error"] == texts.API_TOO_DEEP.format(limit=32)
    assert (await console.post("/api/chat", data=BIG_JSON, headers=headers)).status == 413
    shallow = b'{"session": "lim1", "text": "hi", "x": ' + b"[" * 30 + b"]" * 30 + b"}"
    assert (await console.post("/api/chat", data=shallow, headers=headers)).status == 200


async def test_deep_or_oversized_json_is_refused_on_the_console_api(console) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token_for(console, 'editor')}", "Content-Type": "application/json"}
    deep = await console.post("/admin/api/entries", data=DEEP_JSON, headers=headers)
    assert deep.status == 400
    assert (await deep.json())["error"] == texts.API_TOO_DEEP.format(limit=32)
    big = await console.post("/admin/api/entries", data=BIG_JSON, headers=headers)
    assert big.status == 413
    huge_number = b'{"kind": "qa", "id": ' + b"9" * 5000 + b"}"
    assert (await console.post("/admin/api/entries", data=huge_number, headers=headers)).status == 400


@pytest.mark.parametrize("path", [f"/admin/audit?before={HUGE}", f"/admin/audit?before={ENORMOUS}",
                                  "/admin/audit?before=abc", "/admin/audit?before=-1"])
async def test_an_out_of_range_audit_cursor_is_a_clear_400(console, path: str) -> None:  # type: ignore[no-untyped-def]
    admin = await console.agent("admin")
    resp = await admin.get(path)
    assert resp.status == 400
    assert texts.API_PARAM_RANGE.format(name="before", low=1, high=2**31 - 1) in html.unescape(await resp.text())


async def test_a_valid_audit_cursor_still_pages(console) -> None:  # type: ignore[no-untyped-def]
    admin = await console.agent("admin")
    assert (await admin.get("/admin/audit?before=2147483647")).status == 200
    assert (await admin.get("/admin/audit?before=")).status == 200


@pytest.mark.parametrize("path", [f"/admin/entries?page={ENORMOUS}", f"/admin/entries?months={HUGE}",
                                  f"/admin/dashboard?days={ENORMOUS}", f"/admin/training?days={ENORMOUS}",
                                  f"/admin/citations?doc=x&article={HUGE}"])
async def test_out_of_range_numbers_in_console_queries_are_a_400(console, path: str) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    resp = await editor.get(path)
    assert resp.status == 400, path
    assert "phải là số nguyên từ" in await resp.text()


@pytest.mark.parametrize(("user", "path"), [("editor", f"/admin/contests/{HUGE}"), ("staff", f"/admin/cases/{HUGE}"),
                                            ("staff", f"/admin/cases/1/voice/{HUGE}"),
                                            ("editor", f"/admin/contests/{ENORMOUS}")])
async def test_an_id_out_of_range_in_the_path_is_not_found(console, user: str, path: str) -> None:  # type: ignore[no-untyped-def]
    agent = await console.agent(user)
    assert (await agent.get(path)).status == 404


async def test_revoking_a_token_with_an_id_out_of_range_is_not_found(console) -> None:  # type: ignore[no-untyped-def]
    admin = await console.agent("admin")
    resp = await admin.post(f"/admin/tokens/{HUGE}/revoke", {})
    assert resp.status == 404
