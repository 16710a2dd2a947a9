"""Console login, sessions, CSRF, throttling, roles and the first administrator, over real HTTP."""

import re

import pytest
from sqlmodel import select

from bot.core import texts
from bot.storage import accounts_repo
from bot.storage.models import AdminSession, AuditLog, EntryDraft, KnowledgeEntry, LoginAttempt
from tests.admin_support import PASSWORD, csrf_of, entry_form


async def test_login_opens_the_console_and_logout_ends_the_session(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    page = await editor.get("/admin/dashboard")
    assert page.status == 200 and "Tổng quan" in await page.text()
    out = await editor.post("/admin/logout", allow_redirects=False)
    assert out.status == 303 and out.headers["Location"].startswith("/admin/login")
    assert console.core.db.call(lambda *, session: session.exec(select(AdminSession)).all()) == []
    again = await editor.get("/admin/dashboard", allow_redirects=False)
    assert again.status == 303 and again.headers["Location"] == "/admin/login?next=/admin/dashboard"


async def test_anonymous_visitors_are_sent_to_the_login_page(console) -> None:  # type: ignore[no-untyped-def]
    visitor = await console.agent()
    resp = await visitor.get("/admin/entries?kind=qa", allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/admin/login?next=/admin/entries?kind%3Dqa"
    post = await visitor.post("/admin/entries/new", entry_form("Câu hỏi?", "Trả lời."), allow_redirects=False)
    assert post.status == 303 and post.headers["Location"] == "/admin/login"
    assert (await visitor.get("/admin", allow_redirects=False)).headers["Location"] == "/admin/"


@pytest.mark.parametrize("username", ["editor", "nobody"], ids=["wrong-password", "unknown-user"])
async def test_a_failed_login_does_not_say_which_part_was_wrong(console, username: str) -> None:  # type: ignore[no-untyped-def]
    resp = await (await console.agent()).login(username, "not-the-password")
    assert resp.status == 401 and texts.ADMIN_LOGIN_FAILED in await resp.text()


async def test_five_wrong_passwords_throttle_the_account_from_that_address(console) -> None:  # type: ignore[no-untyped-def]
    agent = await console.agent()
    for _ in range(5):
        assert (await agent.login("editor", "wrong-password")).status == 401
    throttled = await agent.login("editor", PASSWORD)  # even the right password is not checked now
    assert throttled.status == 429 and texts.ADMIN_LOGIN_THROTTLED in await throttled.text()
    assert (await (await console.agent()).login("admin")).status == 200  # other accounts are not locked out
    attempts = console.core.db.call(lambda *, session: session.exec(select(LoginAttempt)).all())
    assert sorted((a.username, a.success) for a in attempts) == [("admin", True)] + [("editor", False)] * 5
    assert all(a.ip == "127.0.0.1" for a in attempts)


async def test_behind_a_listed_proxy_throttling_counts_the_forwarded_address(make_console) -> None:  # type: ignore[no-untyped-def]
    console = await make_console(HOAGIAI_TRUSTED_PROXIES="127.0.0.1")
    agent = await console.agent()

    async def login_from(address: str, password: str) -> int:
        page = await agent.get("/admin/login")
        resp = await agent.http.post(agent.url("/admin/login"), headers={"X-Forwarded-For": f"1.2.3.4, {address}"},
                                     data={"_csrf": csrf_of(await page.text()), "username": "editor",
                                           "password": password})
        return resp.status

    for _ in range(5):
        assert await login_from("203.0.113.5", "wrong-password") == 401
    assert await login_from("203.0.113.5", PASSWORD) == 429
    assert await login_from("203.0.113.9", PASSWORD) == 200  # another client behind the same proxy
    addresses = console.core.db.call(lambda *, session: {a.ip for a in session.exec(select(LoginAttempt)).all()})
    assert addresses == {"203.0.113.5", "203.0.113.9"}


async def test_a_successful_login_resets_the_failure_count(console) -> None:  # type: ignore[no-untyped-def]
    def fail_four_times() -> None:
        for _ in range(4):
            console.core.db.call(accounts_repo.record_attempt, username="editor", ip="127.0.0.1", success=False)

    fail_four_times()
    assert (await (await console.agent()).login("editor")).status == 200
    fail_four_times()
    assert (await (await console.agent()).login("editor", "wrong-password")).status == 401  # the 5th since success


async def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    form = entry_form("Hòa giải viên có được cấp thẻ không?", "Có.", entry_id="the-hoa-giai-vien")
    missing = await editor.post("/admin/entries/new", form, csrf=False)
    forged = await editor.post("/admin/entries/new", [*form, ("_csrf", "forged")], csrf=False)
    for resp in (missing, forged):
        assert resp.status == 403 and texts.ADMIN_CSRF_REFUSED in await resp.text()
    assert console.core.db.call(lambda *, session: session.get(KnowledgeEntry, "the-hoa-giai-vien")) is None
    header = await editor.http.post(editor.url("/admin/entries/preview"), data=form[:-1],
                                    headers={"X-CSRF-Token": editor.csrf})
    assert header.status == 200  # scripts send the token as a header instead


async def test_the_login_form_is_protected_by_its_own_token(console) -> None:  # type: ignore[no-untyped-def]
    agent = await console.agent()
    resp = await agent.http.post(agent.url("/admin/login"), data={"username": "editor", "password": PASSWORD})
    assert resp.status == 403 and texts.ADMIN_LOGIN_EXPIRED_FORM in await resp.text()


ROLE_PAGES = [  # (role, path, status)
    ("editor", "/admin/users", 403), ("editor", "/admin/audit", 403), ("editor", "/admin/entries", 200),
    ("staff", "/admin/entries", 403), ("staff", "/admin/inbox", 403), ("staff", "/admin/api/entries", 401),
    ("staff", "/admin/", 200), ("admin", "/admin/users", 200), ("admin", "/admin/audit", 200),
]


async def test_each_role_sees_only_its_pages(console) -> None:  # type: ignore[no-untyped-def]
    agents = {role: await console.agent(role) for role in ("admin", "editor", "staff")}
    seen = [(role, path, (await agents[role].get(path)).status) for role, path, _ in ROLE_PAGES]
    assert seen == ROLE_PAGES
    assert texts.ADMIN_FORBIDDEN in await (await agents["editor"].get("/admin/users")).text()


async def test_an_editor_cannot_create_users_even_with_a_valid_token(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    resp = await editor.post("/admin/users", {"username": "mallory", "role": "admin"})
    assert resp.status == 403
    audit = console.core.db.call(lambda *, session: session.exec(select(AuditLog)).all())
    assert [a for a in audit if a.target == "mallory"] == []


async def test_a_new_account_must_change_its_password_first(console) -> None:  # type: ignore[no-untyped-def]
    admin = await console.agent("admin")
    created = await admin.post("/admin/users", {"username": "lan", "role": "editor"})
    one_time = re.search(r'id="secret">([^<]+)<', await created.text()).group(1)  # type: ignore[union-attr]
    lan = await console.agent()
    first = await lan.login("lan", one_time)
    assert first.url.path == "/admin/password"
    lan.csrf = csrf_of(await first.text())
    assert (await lan.get("/admin/entries")).url.path == "/admin/password"
    new = "mat-khau-moi-cua-lan"
    wrong = await lan.post("/admin/password", {"current": "sai", "new": new, "confirm": new})
    assert wrong.status == 400 and texts.ADMIN_PASSWORD_WRONG in await wrong.text()
    done = await lan.post("/admin/password", {"current": one_time, "new": "mat-khau-moi-cua-lan",
                                              "confirm": "mat-khau-moi-cua-lan"})
    assert done.status == 200 and done.url.path == "/admin/dashboard"
    assert (await (await console.agent()).login("lan", "mat-khau-moi-cua-lan")).url.path == "/admin/dashboard"


async def test_disabling_a_user_logs_them_out_at_once_and_keeps_their_history(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    saved = await editor.post("/admin/entries/new", entry_form("Tổ hòa giải họp mấy lần?", "Khi cần.", action="save"))
    assert saved.status == 200
    admin = await console.agent("admin")
    assert (await admin.post("/admin/users/editor/active", {"active": "0"})).status == 200
    assert (await editor.get("/admin/entries", allow_redirects=False)).status == 303
    assert (await (await console.agent()).login("editor")).status == 401
    actors = console.core.db.call(lambda *, session: [a.actor for a in session.exec(select(AuditLog)).all()])
    assert "editor" in actors  # what they did is still recorded
    assert (await admin.post("/admin/users/editor/active", {"active": "1"})).status == 200
    assert (await (await console.agent()).login("editor")).status == 200


async def test_the_last_admin_cannot_be_disabled_or_demoted(console) -> None:  # type: ignore[no-untyped-def]
    admin = await console.agent("admin")
    themselves = await admin.post("/admin/users/admin/active", {"active": "0"})
    assert themselves.status == 409 and texts.ADMIN_NOT_YOURSELF in await themselves.text()
    demote = await admin.post("/admin/users/admin/role", {"role": "editor"})
    assert demote.status == 409
    taken = await admin.post("/admin/users", {"username": "editor", "role": "staff"})
    assert taken.status == 409 and texts.ADMIN_USERNAME_TAKEN in await taken.text()


async def test_session_cookie_is_httponly_and_samesite_lax_and_secure_behind_https(make_console) -> None:  # type: ignore[no-untyped-def]
    console = await make_console()
    agent = await console.agent()
    page = await agent.get("/admin/login", headers={"X-Forwarded-Proto": "https"})
    token = csrf_of(await page.text())  # the login cookie is Secure now, so the client would not send it over http
    login = await agent.http.post(agent.url("/admin/login"), allow_redirects=False,
                                  headers={"X-Forwarded-Proto": "https", "Cookie": f"hoagiai_login={token}"},
                                  data={"_csrf": token, "username": "editor", "password": PASSWORD})
    cookie = next(v for v in login.headers.getall("Set-Cookie") if v.startswith("hoagiai_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie and "Path=/admin" in cookie
    plain = await (await console.agent()).login("editor")
    assert plain.status == 200


async def test_secure_cookies_can_be_forced_by_configuration(make_console) -> None:  # type: ignore[no-untyped-def]
    console = await make_console(HOAGIAI_SECURE_COOKIES="true")
    page = await (await console.agent()).get("/admin/login")
    assert "Secure" in page.headers["Set-Cookie"]


async def test_login_redirects_only_to_console_pages(console) -> None:  # type: ignore[no-untyped-def]
    agent = await console.agent()
    page = await agent.get("/admin/login")
    resp = await agent.http.post(agent.url("/admin/login"), allow_redirects=False, data={
        "_csrf": csrf_of(await page.text()), "username": "editor", "password": PASSWORD, "next": "//evil.example/"})
    assert resp.status == 303 and resp.headers["Location"] == "/admin/"


async def test_first_start_creates_admin_with_a_one_time_password(  # type: ignore[no-untyped-def]
    aiohttp_client, settings_for, sample_knowledge, capsys
) -> None:
    from bot.app import build_core, build_web_app
    from tests.admin_support import Agent

    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    client = await aiohttp_client(build_web_app(core))
    printed = capsys.readouterr().err
    password = re.search(r"mật khẩu dùng một lần: (\S+)", printed).group(1)  # type: ignore[union-attr]
    agent = Agent(client)
    try:
        resp = await agent.login("admin", password)
        assert resp.url.path == "/admin/password"  # must be changed at first login
    finally:
        await agent.close()
    again = await aiohttp_client(build_web_app(core))  # a restart (or another replica) prints nothing new
    assert "mật khẩu dùng một lần" not in capsys.readouterr().err
    assert again.server is not None


async def test_console_pages_forbid_framing_and_foreign_scripts(console) -> None:  # type: ignore[no-untyped-def]
    resp = await (await console.agent()).get("/admin/login")
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Frame-Options"] == "DENY"
    html = await resp.text()
    assert "http://" not in html and "https://" not in html


async def test_drafts_of_new_entries_never_touch_the_draft_table(console) -> None:  # type: ignore[no-untyped-def]
    """A new entry is edited in place; only published entries get a separate pending draft."""
    editor = await console.agent("editor")
    await editor.post("/admin/entries/new", entry_form("Ai trả tiền nước uống khi họp?", "Tổ tự lo.", action="save",
                                                       entry_id="nuoc-uong-khi-hop"))
    assert console.core.db.call(lambda *, session: session.exec(select(EntryDraft)).all()) == []
    row = console.core.db.call(lambda *, session: session.get(KnowledgeEntry, "nuoc-uong-khi-hop"))
    assert row is not None and row.status == "draft" and row.updated_by == "editor"
