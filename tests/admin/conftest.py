"""Fixtures for the console tests: the whole server app on loopback with a small knowledge base and four accounts."""

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_core, build_web_app
from tests.admin_support import Agent, add_user

Console = Any  # the aiohttp TestClient, with `.core` and `.agent(username)` attached


@pytest.fixture
async def make_console(  # type: ignore[no-untyped-def]
    aiohttp_client, settings_for, sample_knowledge: Path
) -> AsyncIterator[Callable[..., Awaitable[Console]]]:
    """Build the real app (web chat + console) with accounts admin, editor, editor2 and staff; settings overridable."""
    agents: list[Agent] = []

    async def make(**settings: object) -> Console:
        core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge, **settings))
        for username, role in (("admin", "admin"), ("editor", "editor"), ("editor2", "editor"), ("staff", "staff")):
            add_user(core, username, role)
        client = await aiohttp_client(build_web_app(core))
        client.core = core

        async def agent(username: str | None = None) -> Agent:
            a = Agent(client)
            agents.append(a)
            if username:
                resp = await a.login(username)
                assert resp.status == 200 and a.csrf, await resp.text()
            return a

        client.agent = agent
        return client

    yield make
    for a in agents:
        await a.close()


@pytest.fixture
async def console(make_console: Callable[..., Awaitable[Console]]) -> Console:
    return await make_console()
