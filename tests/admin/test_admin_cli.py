"""`hoagiai admin …` as an operator runs it, against the same database the server uses."""

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.storage import accounts_repo
from bot.storage.models import ApiToken
from tests.admin_support import Agent


def hoagiai(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(data_dir), "HOAGIAI_USER_SALT": "s"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot.cli", "admin", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=60)


async def test_accounts_made_on_the_command_line_work_in_the_console_and_api(  # type: ignore[no-untyped-def]
    tmp_path: Path, settings_for, sample_knowledge, aiohttp_client
) -> None:
    data = tmp_path / "data"  # the directory settings_for uses too
    short = hoagiai(data, "create-user", "lan", "--role", "editor", stdin="ngan\n")
    assert short.returncode == 1 and "ít nhất 10 ký tự" in short.stderr and "Traceback" not in short.stderr
    made = hoagiai(data, "create-user", "Lan", "--role", "editor", stdin="mat-khau-cua-lan\n")
    assert made.returncode == 0, made.stderr
    token_run = hoagiai(data, "create-token", "lan")
    token = token_run.stdout.strip().splitlines()[-1]  # the token alone on the last line
    assert token_run.returncode == 0 and token.startswith("hg_") and " " not in token
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    assert core.db.call(accounts_repo.account_for_token, token=token).username == "lan"  # type: ignore[union-attr]
    stored = core.db.call(lambda *, session: [t.token_hash for t in session.exec(select(ApiToken)).all()])
    assert stored == [accounts_repo.digest(token)]  # only the hash is kept
    client = await aiohttp_client(build_web_app(core))
    bearer = {"Authorization": f"Bearer {token}"}
    agent = Agent(client)
    try:
        assert (await agent.login("lan", "mat-khau-cua-lan")).url.path == "/admin/dashboard"
        assert (await client.get("/admin/api/entries", headers=bearer)).status == 200
        reset = hoagiai(data, "reset-password", "lan", stdin="mat-khau-tam-thoi-2\n")
        assert reset.returncode == 0 and "phải đổi mật khẩu" in reset.stdout
        assert (await agent.get("/admin/entries", allow_redirects=False)).status == 303  # the reset ended the session
        assert (await agent.login("lan", "mat-khau-tam-thoi-2")).url.path == "/admin/password"
        assert hoagiai(data, "disable", "lan").returncode == 0
        assert (await agent.get("/admin/password", allow_redirects=False)).status == 303  # logged out at once
        assert (await client.get("/admin/api/entries", headers=bearer)).status == 401
    finally:
        await agent.close()
