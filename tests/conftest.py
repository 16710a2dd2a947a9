"""Shared fixtures: small knowledge directories written on disk, the way editors write them."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import pytest_asyncio

from bot.core.canonical import dump_entry
from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.core.schema import KIND_DIRS, Kind

REGISTRY_FILES = ("topics.yaml", "documents.yaml", "lexicon.yaml")


def qa(entry_id: str, question: str, alts: list[str], answer: str, article: int = 3, **extra: object) -> dict:
    data = {
        "id": entry_id,
        "question": question,
        "alt_questions": alts,
        "answer": answer,
        "topics": ["quy-dinh-chung"],
        "citations": [{"doc": "35/2013/QH13", "article": article}],
        "sources": [],
        "reviewed": __import__("datetime").date(2026, 11, 27),
        "status": "published",
    }
    data.update(extra)
    return data


SAMPLE = [
    qa("hoa-giai-vien-tieu-chuan", "Ai có thể được bầu làm hòa giải viên?",
       ["tieu chuan hoa giai vien", "điều kiện làm hgv", "muốn làm hòa giải viên cần gì"],
       "Người có phẩm chất đạo đức tốt, uy tín trong cộng đồng, có khả năng thuyết phục.", article=7),
    qa("thu-lao-hoa-giai-vien", "Hòa giải viên có được trả thù lao không?",
       ["hoa giai vien co duoc tra tien khong", "thù lao hgv", "đi hòa giải có được tiền không"],
       "Có. Hòa giải viên được hưởng thù lao theo vụ, việc.", article=9),
    qa("pham-vi-hoa-giai", "Những việc nào được hòa giải ở cơ sở?",
       ["viec nao duoc hoa giai", "phạm vi hòa giải", "mâu thuẫn gì thì hòa giải được"],
       "Mâu thuẫn, tranh chấp, vi phạm pháp luật theo Điều 3, trừ các trường hợp luật cấm.", article=3),
    qa("ma-chai", "Người bị nghi là ma chài thì làm thế nào?",
       ["bi noi la ma chai", "ma chài gây bệnh", "hàng xóm đồn nhà tôi có ma"],
       "Không có căn cứ khoa học; hòa giải để chấm dứt tin đồn.", article=4),
    qa("ma-chay", "Tổ chức ma chay kéo dài có được hòa giải không?",
       ["ma chay keo dai", "đám ma tốn kém", "tang lễ quá lâu"],
       "Có thể hòa giải việc tổ chức tang lễ giữa các thành viên gia đình.", article=3),
]


def write_knowledge(root: Path, entries: list[tuple[Kind, dict]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in REGISTRY_FILES:
        shutil.copy(BUNDLED_KNOWLEDGE / name, root / name)
    for kind, data in entries:
        folder = root / KIND_DIRS[kind]
        folder.mkdir(exist_ok=True)
        (folder / f"{data['id']}.yaml").write_text(dump_entry(kind, data), encoding="utf-8")
    return root


# --- what the system provides (scripts/system-deps.sh installs it, or says what to install) ----------------------------


def _system_requirements() -> dict[str, tuple[bool, str]]:
    """marker -> (available, the reason a test is skipped without it)."""
    from bot.web.library_pdf import find_fonts
    from tests.browser_support import AXE
    from tests.support import CHROMIUM

    hint = "run scripts/system-deps.sh as root, or see the line it prints"
    return {
        "browser": (Path(CHROMIUM).exists(), f"Chromium is missing ({CHROMIUM}): apt-get install chromium; {hint}"),
        "fonts": (find_fonts() is not None, f"no Unicode font for PDFs: apt-get install fonts-dejavu-core; {hint}"),
        "axe": (AXE.exists(), f"axe-core is missing ({AXE}): needs npm; {hint}"),
    }


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    requirements = _system_requirements()
    for item in items:
        for marker, (available, reason) in requirements.items():
            if not available and item.get_closest_marker(marker) is not None:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def chromium_browser():  # type: ignore[no-untyped-def]
    """One Chromium per test module for the async browser tests (each test opens a fresh context)."""
    from tests.browser_support import chromium

    async with chromium() as shared:
        yield shared


@pytest.fixture
def make_knowledge(tmp_path: Path) -> Callable[[list[tuple[Kind, dict]]], Path]:
    counter = iter(range(1000))

    def make(entries: list[tuple[Kind, dict]]) -> Path:
        return write_knowledge(tmp_path / f"kb{next(counter)}", entries)

    return make


@pytest.fixture
def sample_knowledge(make_knowledge: Callable[[list[tuple[Kind, dict]]], Path]) -> Path:
    return make_knowledge([("qa", e) for e in SAMPLE])


# --- databases and the running app ------------------------------------------------------------------------------------

import os  # noqa: E402
import uuid  # noqa: E402

from sqlalchemy import create_engine, text  # noqa: E402

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_available() -> bool:
    engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001
        return False
    finally:
        engine.dispose()


_PG = postgres_available()


def fresh_postgres_database() -> tuple[str, Callable[[], None]]:
    """A new empty database on the shared server, dropped afterwards."""
    name = f"hoagiai_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Every storage test runs on SQLite, and on PostgreSQL when it is reachable (always in CI)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not _PG:
        if os.environ.get("HOAGIAI_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required (HOAGIAI_REQUIRE_POSTGRES) but not reachable")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not reachable")
    url, drop = fresh_postgres_database()
    yield url
    drop()


@pytest.fixture
def settings_for(tmp_path: Path):  # type: ignore[no-untyped-def]
    from bot.config import Settings

    def make(database_url: str | None = None, **overrides: object) -> Settings:
        values = {"HOAGIAI_DATA_DIR": str(tmp_path / "data"), "HOAGIAI_USER_SALT": "test-salt",
                  "HOAGIAI_REFRESH_INTERVAL": "0.2", **{k: str(v) for k, v in overrides.items()}}
        if database_url:
            values["DATABASE_URL"] = database_url
        return Settings(_env_file=None, **values)  # type: ignore[call-arg]

    return make


@pytest.fixture
def db(database_url: str):  # type: ignore[no-untyped-def]
    """A migrated, empty database of the parametrized kind (SQLite, and PostgreSQL when reachable)."""
    from bot.storage.database import Database
    from bot.storage.db import make_engine, migrate

    engine = make_engine(database_url)
    migrate(engine)
    database = Database(engine)
    yield database
    database.dispose()
