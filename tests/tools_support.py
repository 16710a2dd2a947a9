"""Helpers for the scope checker and paperwork tests: knowledge with the bundled tool files, chat calls, .docx text."""

import io
import shutil
from pathlib import Path
from typing import Any

import docx

from bot.core.knowledge import BUNDLED_KNOWLEDGE


def add_tool_files(root: Path) -> Path:
    """Copy the bundled scope tree and paperwork templates into a small test knowledge directory."""
    shutil.copy(BUNDLED_KNOWLEDGE / "scope_tree.yaml", root / "scope_tree.yaml")
    shutil.copytree(BUNDLED_KNOWLEDGE / "templates", root / "templates", dirs_exist_ok=True)
    return root


async def chat(client: Any, session: str = "s1", **body: str) -> dict[str, Any]:
    resp = await client.post("/api/chat", json={"session": session, **body})
    assert resp.status == 200, await resp.text()
    return await resp.json()


def press(reply: dict[str, Any], label: str) -> str:
    """The action of the button with this label (fails clearly when the button is missing)."""
    actions = {b["label"]: b["action"] for b in reply["buttons"]}
    assert label in actions, f"no button {label!r} in {list(actions)}"
    return actions[label]


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line, in document order."""
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)
