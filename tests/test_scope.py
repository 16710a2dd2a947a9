""""Có hòa giải được không?": every path of the bundled tree walked through the web chat API over real HTTP."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.app import build_core, build_web_app
from bot.channels import webchat, zalo_bot
from bot.core import texts
from bot.core.dialogue import Dialogue
from bot.core.knowledge import BUNDLED_KNOWLEDGE, Citation, load_documents
from bot.core.messages import Incoming, Turn
from bot.core.render import detailed_citation_line
from bot.core.scope import ScopeFlow
from bot.storage import knowledge_repo
from tests.tools_support import add_tool_files, chat, press

# The paths come from the YAML itself, not from the code under test.
TREE = yaml.safe_load((BUNDLED_KNOWLEDGE / "scope_tree.yaml").read_text(encoding="utf-8"))
NODES = {n["id"]: n for n in TREE["nodes"]}
DOCUMENTS = load_documents(BUNDLED_KNOWLEDGE / "documents.yaml")


def tree_paths(node_id: str = TREE["root"], labels: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every root-to-leaf path as (button labels pressed, leaf id)."""
    node = NODES[node_id]
    if "verdict" in node:
        yield labels, node_id
        return
    for button in node["buttons"]:
        yield from tree_paths(button["next"], (*labels, button["label"]))


PATHS = list(tree_paths())


def expected_citation_line(node_id: str) -> str:
    cites = [Citation(c["doc"], c["article"], c.get("clause"), c.get("point")) for c in NODES[node_id]["citations"]]
    return detailed_citation_line(cites, DOCUMENTS)


@pytest.fixture
async def client(aiohttp_client, settings_for, sample_knowledge: Path):  # type: ignore[no-untyped-def]
    # every path of the tree, from one address: more than a minute's worth of messages
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=add_tool_files(sample_knowledge), HOAGIAI_RATE_PER_IP=0))
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


def test_the_paths_cover_every_leaf_of_the_tree() -> None:
    leaves = {node_id for node_id, node in NODES.items() if "verdict" in node}
    assert {leaf for _, leaf in PATHS} == leaves
    assert {n["verdict"] for n in NODES.values() if "verdict" in n} == {"co-the", "khong", "chua-ro"}


async def test_every_path_reaches_its_verdict_with_the_deciding_articles(client) -> None:  # type: ignore[no-untyped-def]
    escalation = any(f.name == "escalation" for f in client.core.dialogue.flows)
    for number, (labels, leaf) in enumerate(PATHS):
        session = f"path{number}"
        reply = (await chat(client, session, text="/kiemtra"))["replies"][0]
        assert texts.SCOPE_INTRO in reply["text"]
        for label in labels:
            reply = (await chat(client, session, action=press(reply, label)))["replies"][0]
        where = f"path {' → '.join(labels)} (leaf {leaf})"
        verdict = NODES[leaf]["verdict"]
        assert reply["text"].startswith(texts.SCOPE_VERDICTS[verdict]), where
        assert NODES[leaf]["text"].strip() in reply["text"], where
        assert expected_citation_line(leaf) in reply["text"], where
        actions = [b["action"] for b in reply["buttons"]]
        assert "k:start" in actions and "menu" in actions, where
        assert ("chuyen" in actions) == (verdict == "chua-ro" and escalation), f"{where}: escalation only when unsure"


async def test_each_question_shows_its_citation_line(client) -> None:  # type: ignore[no-untyped-def]
    reply = (await chat(client, text="/kiemtra"))["replies"][0]
    assert expected_citation_line(TREE["root"]) in reply["text"]
    reply = (await chat(client, action=press(reply, "Không")))["replies"][0]
    assert "Căn cứ: điểm a khoản 1 Điều 3 Luật Hòa giải ở cơ sở" in reply["text"]


async def test_the_main_menu_offers_both_tools(client) -> None:  # type: ignore[no-untyped-def]
    buttons = (await chat(client, text="/start"))["replies"][0]["buttons"]
    assert {"label": texts.BTN_SCOPE, "action": "k:start"} in buttons
    assert len(buttons) <= 5 and buttons[-1]["label"] == texts.BTN_OVERFLOW
    more = (await chat(client, action=buttons[-1]["action"]))["replies"][0]["buttons"]
    assert {"label": texts.BTN_PAPERWORK, "action": "v:menu"} in more
    guide = (await chat(client, text="/help"))["replies"][0]["text"]
    assert "/kiemtra" in guide and "/vanban" in guide and "/huy" in guide


async def test_a_button_for_a_node_that_no_longer_exists_says_so(client) -> None:  # type: ignore[no-untyped-def]
    reply = (await chat(client, action="k:nut-da-xoa"))["replies"][0]
    assert reply["text"] == texts.EXPIRED_BUTTON
    assert [b["action"] for b in reply["buttons"]] == ["k:start"]


async def test_typed_text_during_the_check_is_an_ordinary_question(client) -> None:  # type: ignore[no-untyped-def]
    await chat(client, text="/kiemtra")
    answered = await chat(client, text="hoa giai vien co duoc tra thu lao khong")
    assert answered["outcome"] == "answer"


async def test_without_a_tree_the_check_says_it_is_unavailable(aiohttp_client, settings_for, sample_knowledge) -> None:  # type: ignore[no-untyped-def]
    client = await aiohttp_client(build_web_app(build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))))
    reply = (await chat(client, text="/kiemtra"))["replies"][0]
    assert reply["text"] == texts.SCOPE_UNAVAILABLE


async def test_numbered_choices_walk_the_tree_on_zalo(settings_for, sample_knowledge: Path) -> None:
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=add_tool_files(sample_knowledge)))
    try:
        async def say(text: str) -> Turn:
            return await core.dialogue.handle(Incoming("zalo", "z1", text=text, caps=zalo_bot.CAPS))

        first = await say("/kiemtra")
        assert [b.label for b in first.replies[0].buttons] == ["🚨 Có, đang nguy hiểm", "Không"]
        await say("2")  # Không
        await say("2")  # Không: no State or public interest
        await say("3")  # Mâu thuẫn sinh hoạt, va chạm, vi phạm khác
        verdict = await say("3")  # Không có vi phạm pháp luật
        assert verdict.replies[0].text.startswith(texts.SCOPE_VERDICTS["co-the"])
        assert expected_citation_line("co-the") in verdict.replies[0].text
    finally:
        await core.close()


class EscalationStub:
    """Stands in for the escalation feature, which is not built yet: only its name matters here."""

    name = "escalation"
    commands = ()
    menu_buttons = ()
    answer_buttons = ()

    async def command(self, ctx, command):  # type: ignore[no-untyped-def]
        return Turn()

    async def action(self, ctx, action):  # type: ignore[no-untyped-def]
        return None

    async def text(self, ctx, text):  # type: ignore[no-untyped-def]
        return None


async def test_unsure_verdicts_offer_escalation_only_when_a_flow_handles_it(settings_for, sample_knowledge) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=add_tool_files(sample_knowledge)))
    try:
        alone: list = []
        alone += [ScopeFlow(peers=alone)]
        with_desk: list = []
        with_desk += [ScopeFlow(peers=with_desk), EscalationStub()]
        without = Dialogue(core.service, core.store, b"salt", alone)
        unsure = await without.handle(Incoming("web", "e0", "action", action="k:chua-ro-vi-pham", caps=webchat.CAPS))
        assert "chuyen" not in [b.action for b in unsure.replies[0].buttons]
        assert texts.SCOPE_ESCALATE_HINT not in unsure.replies[0].text
        dialogue = Dialogue(core.service, core.store, b"salt", with_desk)
        unsure = await dialogue.handle(Incoming("web", "e1", "action", action="k:chua-ro-vi-pham", caps=webchat.CAPS))
        assert unsure.replies[0].buttons[0].action == "chuyen"
        assert texts.SCOPE_ESCALATE_HINT in unsure.replies[0].text
        sure = await dialogue.handle(Incoming("web", "e1", "action", action="k:co-the", caps=webchat.CAPS))
        assert "chuyen" not in [b.action for b in sure.replies[0].buttons]
    finally:
        await core.close()


async def test_an_editor_change_to_the_tree_in_the_database_is_served(client) -> None:  # type: ignore[no-untyped-def]
    core = client.core
    body = (BUNDLED_KNOWLEDGE / "scope_tree.yaml").read_text(encoding="utf-8")
    changed = body.replace("Ngay lúc này có ai đang bị đánh", "Lúc này có ai đang bị đánh")
    core.db.call(knowledge_repo.put_file, name="scope_tree.yaml", body=changed, author="editor")
    core.db.call(knowledge_repo.bump_version)
    assert await core.refresh_knowledge()
    reply = (await chat(client, text="/kiemtra"))["replies"][0]
    assert "Lúc này có ai đang bị đánh" in reply["text"]


async def test_a_broken_tree_in_the_database_is_refused_not_served_half_way(client) -> None:  # type: ignore[no-untyped-def]
    core = client.core
    body = (BUNDLED_KNOWLEDGE / "scope_tree.yaml").read_text(encoding="utf-8")
    core.db.call(knowledge_repo.put_file, name="scope_tree.yaml", body=body.replace("next: co-the", "next: co-le"),
                 author="editor")
    kb, _, errors = core.db.call(knowledge_repo.load_live)
    assert kb.scope_tree is None
    assert any(e.path == "db:scope_tree.yaml" and "co-le" in e.message for e in errors)


async def test_the_escalation_button_of_an_unsure_verdict_opens_escalation(client) -> None:  # type: ignore[no-untyped-def]
    if not any(f.name == "escalation" for f in client.core.dialogue.flows):
        pytest.skip("no escalation flow installed")
    reply = (await chat(client, action="k:chua-ro-dan-su"))["replies"][0]
    opened = (await chat(client, action=press(reply, texts.BTN_ESCALATE)))["replies"][0]
    assert opened["text"] != texts.EXPIRED_BUTTON
