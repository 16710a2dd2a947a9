"""Conventions that keep the architecture as docs/ describe it: the core depends on nothing outward and never names a
channel, the domain and the container sit below the doors and the console, doors do not import each other, only
the command line and the server import the wiring module, and no source file grows past 400 lines."""

import ast
from pathlib import Path

import pytest

from bot.channels.base import ChannelAdapter

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
WIRING = "bot.app"  # the composition root: builds the container, the web app, mounts the console
# The doors, by module name; a door's other modules start with its name (telegram_staff, zalo_bot_staff).
ADAPTERS = ("telegram", "zalo_bot", "zalo_oa", "webchat", "terminal")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Absolute names a module imports (also inside functions and TYPE_CHECKING blocks)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def within(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def offenders(folders: tuple[str, ...], forbidden: tuple[str, ...], allowed: set[str] = frozenset()) -> set[str]:
    return {f"{module_name(path)} imports {name}"
            for path in sources(*folders) if module_name(path) not in allowed
            for name in imports(path) if within(name, *forbidden)}


def test_the_core_imports_nothing_from_doors_pages_console_storage_or_wiring() -> None:
    outward = ("bot.channels", "bot.web", "bot.storage", "bot.domain", "bot.services", "bot.app", "bot.cli",
               "bot.server", "admin", "aiohttp", "telegram", "sqlmodel", "sqlalchemy")
    assert not offenders(("bot/core",), outward)


def test_domain_operations_and_the_container_sit_below_the_doors_and_the_console() -> None:
    assert not offenders(("bot/domain",), ("bot.channels", "bot.web", "bot.services", "bot.app", "bot.cli", "admin",
                                           "aiohttp", "telegram"))
    assert not offenders(("bot/storage",), ("bot.channels", "bot.web", "bot.domain", "bot.services", "bot.app",
                                            "admin"))
    services = ROOT / "bot" / "services.py"
    assert not {n for n in imports(services) if within(n, "bot.channels", "bot.web", "bot.app", "admin")}


def test_doors_do_not_import_each_other() -> None:
    def door_of(module: str) -> str | None:
        name = module.removeprefix("bot.channels.")
        return next((a for a in ADAPTERS if name == a or name.startswith(a + "_")), None)

    bad = set()
    for path in sources("bot/channels"):
        mine = door_of(module_name(path))
        for name in imports(path):
            other = door_of(name) if within(name, "bot.channels") else None
            if other is not None and other != mine:
                bad.add(f"{module_name(path)} imports {name}")
    assert not bad


def test_only_the_command_line_the_server_and_tests_import_the_wiring_module() -> None:
    assert not offenders(("bot", "admin"), (WIRING,), allowed={"bot.cli", "bot.server", WIRING})


def test_bot_imports_the_console_only_in_the_wiring_module_which_mounts_it() -> None:
    assert not offenders(("bot",), ("admin",), allowed={WIRING})


def test_the_core_never_names_a_channel() -> None:
    """Channel names may appear in the core only as what a door passes in, never as a literal the core branches on."""
    import bot.channels.telegram
    import bot.channels.webchat
    import bot.channels.zalo_bot
    import bot.channels.zalo_oa  # noqa: F401  (the doors register as ChannelAdapter subclasses)

    names = {cls.name for cls in ChannelAdapter.__subclasses__() if cls.__module__.startswith("bot.channels.")}
    assert names >= {"telegram", "zalo", "zalo_oa", "web"}
    literals = {f"{module_name(path)}: {node.value!r}"
                for path in sources("bot/core")
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Constant) and node.value in names}
    assert not literals


@pytest.mark.parametrize("folder", ["bot", "admin", "tests", "bench", "migrations"])
def test_no_source_file_is_over_400_lines(folder: str) -> None:
    long = {f"{path.relative_to(ROOT)}: {n}" for path in sources(folder)
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long
