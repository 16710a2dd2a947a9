"""Conventions the code must keep: the core depends on nothing outward; only the wiring modules import the console."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTWARD_FROM_CORE = ("bot.channels", "bot.web", "bot.app", "bot.cli", "bot.desk", "bot.staffchat", "admin",
                     "aiohttp", "telegram", "bot.storage")
WIRING = {"bot/app.py", "bot/cli.py", "bot/server.py"}


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_core_imports_nothing_from_doors_console_storage_or_web_frameworks() -> None:
    bad = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "bot" / "core").glob("*.py")
        for name in imports(path)
        if name.startswith(OUTWARD_FROM_CORE)
    }
    assert not bad


def test_only_the_wiring_modules_import_the_console() -> None:
    bad = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "bot").rglob("*.py")
        if str(path.relative_to(ROOT)) not in WIRING and any(n == "admin" or n.startswith("admin.") for n in imports(path))
    }
    assert not bad
