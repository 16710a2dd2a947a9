"""Login throttling that holds under concurrency and across replicas, a forwarded address believed only from listed
proxies, a per-account limit, the same verification cost for every account, and the first admin's password."""

import asyncio
import logging
import re

import aiohttp
import pytest
from argon2 import extract_parameters
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.cli import main
from bot.domain.passwords import hash_one_time, hash_password, verification_work
from bot.storage.models import LoginAttempt
from tests.admin_support import PASSWORD, add_user, csrf_of


async def _ready_login(client, username: str, password: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    """A login form fetched by its own browser, returning a coroutine factory that submits it."""
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    page = await http.get(str(client.make_url("/admin/login")))
    token = csrf_of(await page.text())
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}

    async def submit() -> int:
        try:
            resp = await http.post(str(client.make_url("/admin/login")), headers=headers, allow_redirects=False,
                                   data={"_csrf": token, "username": username, "password": password})
            return resp.status
        finally:
            await http.close()

    return submit


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
async def test_sixty_simultaneous_wrong_passwords_over_two_replicas_get_five_checks(  # type: ignore[no-untyped-def]
    aiohttp_client, settings_for, sample_knowledge, database_url: str
) -> None:
    settings = settings_for(database_url, HOAGIAI_KNOWLEDGE_DIR=sample_knowledge)
    first = build_core(settings)
    add_user(first, "editor", "editor")
    replicas = [await aiohttp_client(build_web_app(first)), await aiohttp_client(build_web_app(build_core(settings)))]
    submits = [await _ready_login(replicas[i % 2], "editor", "wrong-password") for i in range(60)]
    statuses = await asyncio.gather(*(submit() for submit in submits))
    assert sorted(statuses) == [401] * 5 + [429] * 55
    rows = first.db.call(lambda *, session: session.exec(select(LoginAttempt)).all())
    assert len(rows) == 5 and not any(r.success for r in rows)


async def test_a_forwarded_address_from_an_unlisted_peer_is_ignored(console) -> None:  # type: ignore[no-untyped-def]
    """The default trusts no proxy: a client on the office network cannot pick a fresh address with a header."""
    for n in range(5):
        assert await (await _ready_login(console, "editor", "wrong-password", f"203.0.113.{n}"))() == 401
    locked = await _ready_login(console, "editor", PASSWORD, "203.0.113.99")
    assert await locked() == 429
    ips = console.core.db.call(lambda *, session: {a.ip for a in session.exec(select(LoginAttempt)).all()})
    assert ips == {"127.0.0.1"}


async def test_an_account_is_throttled_whatever_the_address(make_console) -> None:  # type: ignore[no-untyped-def]
    console = await make_console(HOAGIAI_TRUSTED_PROXIES="127.0.0.1")
    for n in range(10):  # two failures from each of five addresses: no pair reaches five
        assert await (await _ready_login(console, "editor", "wrong-password", f"198.51.100.{n // 2}"))() == 401
    fresh = await _ready_login(console, "editor", PASSWORD, "198.51.100.77")
    assert await fresh() == 429
    other = await _ready_login(console, "editor2", PASSWORD, "198.51.100.78")
    assert await other() == 303  # other accounts are not locked


async def test_only_the_hops_appended_by_listed_proxies_count(make_console) -> None:  # type: ignore[no-untyped-def]
    console = await make_console(HOAGIAI_TRUSTED_PROXIES="127.0.0.0/8, 10.9.0.0/16")
    chain = "6.6.6.6, 192.0.2.44, 10.9.0.3"  # client-made, the real client, an inner proxy
    assert await (await _ready_login(console, "editor", "wrong-password", chain))() == 401
    ips = console.core.db.call(lambda *, session: [a.ip for a in session.exec(select(LoginAttempt)).all()])
    assert ips == ["192.0.2.44"]


@pytest.mark.parametrize("value", ["abc", "10.0.0.0/33", "172.30.0.0/24,,999.1.1.1"])
def test_an_invalid_trusted_proxies_setting_stops_the_start_with_its_name(monkeypatch, capsys, value: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOAGIAI_TRUSTED_PROXIES", value)
    assert main(["check"]) == 2  # before any work (a command that would otherwise succeed)
    err = capsys.readouterr().err
    assert "HOAGIAI_TRUSTED_PROXIES" in err and "không phải địa chỉ IP hay dải CIDR" in err


def test_every_login_verifies_the_same_argon2_work() -> None:
    """One-time passwords are hashed cheaply, so checking them alone would be quicker and tell them apart: every
    verification (normal password, one-time password, unknown user) does one full-cost and one light check."""
    normal, one_time = hash_password("mot-mat-khau-dai"), hash_one_time("tam-thoi")
    assert extract_parameters(normal) != extract_parameters(one_time)
    work = [sorted((p.time_cost, p.memory_cost) for p in verification_work(h)) for h in (normal, one_time, None)]
    assert work[0] == work[1] == work[2] and len(work[0]) == 2


async def test_the_first_admin_password_goes_once_to_stderr_and_never_to_the_log(  # type: ignore[no-untyped-def]
    aiohttp_client, settings_for, sample_knowledge, capsys, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    await aiohttp_client(build_web_app(core))
    captured = capsys.readouterr()
    passwords = re.findall(r"mật khẩu dùng một lần: (\S+)", captured.err)
    assert len(passwords) == 1 and passwords[0] not in captured.out
    assert not any(passwords[0] in record.getMessage() for record in caplog.records)
