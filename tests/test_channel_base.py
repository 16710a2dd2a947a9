"""What every door gets from the adapter base: each update answered once and in order per chat, replies split to
the channel's limit, background work stopped and replies in flight finished at shutdown.

The door here is the smallest real one (a subclass that records what it would send), over the real dialogue and a
real SQLite database; the four real doors are tested against their fake platforms elsewhere.
"""

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from bot.app import build_core
from bot.channels.base import ChannelAdapter, ChatLocks, DoorDeps, plain_pages
from bot.core import texts
from bot.core.messages import Button, ChannelCaps, Reply


class RecordingDoor(ChannelAdapter):
    name = "recording"
    caps = ChannelCaps(max_text=300)

    def __init__(self, deps: DoorDeps) -> None:
        super().__init__(deps)
        self.sent: list[tuple[str, str]] = []
        self.slow: dict[str, float] = {}  # chat -> seconds each delivery takes

    async def receive(self, update_id: str, chat: str, text: str) -> None:
        """How a door answers one update: its chat's turn, once, then the core's replies."""
        async with self.in_order(chat):
            if await self.first_time(update_id):
                await self.reply_to(chat, self.incoming(chat, "text", text))

    async def deliver(self, chat: str, replies: Sequence[Reply]) -> None:
        await asyncio.sleep(self.slow.get(chat, 0))
        self.sent.extend((chat, page) for page in plain_pages(replies, self.caps.max_text))


@pytest.fixture
async def door(settings_for, sample_knowledge: Path) -> AsyncIterator[RecordingDoor]:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    door = RecordingDoor(DoorDeps.of(core))
    await door.start()
    yield door
    await door.stop()
    await core.close()


async def test_a_redelivered_update_is_answered_once(door: RecordingDoor) -> None:
    await door.receive("u1", "c1", "thu lao hoa giai vien")
    await door.receive("u1", "c1", "thu lao hoa giai vien")
    assert len(door.sent) == 1 and "Căn cứ" in door.sent[0][1]


async def test_one_chats_updates_keep_their_order_while_other_chats_go_on(door: RecordingDoor) -> None:
    door.slow["slow"] = 0.2
    await asyncio.gather(door.receive("a1", "slow", "/start"), door.receive("a2", "slow", "thu lao hgv"),
                         door.receive("b1", "fast", "/start"))
    chats = [chat for chat, _ in door.sent]
    assert chats.index("fast") < chats.index("slow")  # the other chat did not wait
    slow = [page for chat, page in door.sent if chat == "slow"]
    assert slow[0].startswith(texts.GREETING[:20]) and "Căn cứ" in slow[-1]  # and this chat kept its order


async def test_replies_are_split_to_the_channels_limit_and_buttons_numbered(door: RecordingDoor) -> None:
    long_text = "\n".join(f"Đoạn {i}: hướng dẫn hòa giải ở cơ sở." for i in range(40))
    await door.send("c2", [Reply(long_text, (Button("Có", "xoa:y"), Button("Không", "xoa:n")))])
    pages = [page for _, page in door.sent]
    assert len(pages) > 1 and all(len(p) <= door.caps.max_text for p in pages)
    assert "1. Có" in pages[-1] and "2. Không" in pages[-1]
    assert door.incoming("c2").caps is door.caps  # what the core reads instead of the channel's name


async def test_stop_finishes_replies_in_flight_and_cancels_background_work(settings_for, sample_knowledge) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    door = RecordingDoor(DoorDeps.of(core))
    await door.start()
    ticks: list[int] = []

    async def poll_forever() -> None:
        while True:
            ticks.append(1)
            await asyncio.sleep(0.01)

    door.run_in_background(poll_forever(), "poller")
    door.slow["c3"] = 0.3
    door.spawn(door.receive("u3", "c3", "/start"))
    await asyncio.sleep(0.05)
    await door.stop()
    seen = len(ticks)
    await asyncio.sleep(0.05)
    assert door.sent and {chat for chat, _ in door.sent} == {"c3"}  # the reply in flight was delivered
    assert len(ticks) == seen  # the poller no longer runs
    await core.close()


async def test_a_reply_stuck_past_the_grace_period_does_not_hold_up_shutdown(settings_for, sample_knowledge) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    door = RecordingDoor(DoorDeps.of(core))
    door.stop_grace_s = 0.1  # type: ignore[misc]  # a class setting, shortened for this one door
    door.slow["c4"] = 30
    door.spawn(door.receive("u4", "c4", "/start"))
    await asyncio.sleep(0.05)
    started = asyncio.get_running_loop().time()
    await door.stop()
    assert asyncio.get_running_loop().time() - started < 2 and door.sent == []
    await core.close()


async def test_chat_locks_keep_one_chats_order_let_others_pass_and_are_dropped_when_idle() -> None:
    locks = ChatLocks()
    order: list[str] = []

    async def work(chat: int, name: str, delay: float) -> None:
        async with locks.hold(chat):
            await asyncio.sleep(delay)
            order.append(name)

    await asyncio.gather(work(1, "a1", 0.05), work(1, "a2", 0), work(2, "b1", 0))
    assert order == ["b1", "a1", "a2"]
    assert len(locks) == 0


