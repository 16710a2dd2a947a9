"""Property: whatever an entry holds (any JSON or YAML value in any field, e.g. `"topics": [["x"]]`), the console's
API and the zip import answer 2xx or 4xx, never 5xx: every field's type is checked before it is used."""

import io
import zipfile
from pathlib import Path
from typing import Any

import aiohttp
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.schema import KINDS, SCHEMAS
from bot.core.validation import entry_path
from bot.domain import accounts

SCALARS = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False) | st.text(max_size=30)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
# Plausible values too, so that examples also get past the first checks and reach the later ones.
PLAUSIBLE = st.sampled_from(["hoa-giai", "x", "2024-01-31", "draft", "review", ["hoa-giai"], [["x"]], [{"a": 1}],
                             [{"doc": "luat-hgcs", "article": 9}], [{"doc": ["x"], "article": "9"}], {"doc": 1}])


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(KINDS))
    names = [spec.name for spec in SCHEMAS[kind]]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    data: dict[str, Any] = {name: draw(VALUES | PLAUSIBLE) for name in chosen}
    data["kind"] = kind
    if draw(st.booleans()):
        data["id"] = draw(st.sampled_from(["fuzz-entry", "ma-chai"]))
    return data


FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(entry=entries())
async def test_any_entry_through_the_api_gets_a_2xx_or_4xx(console, entry: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    token, _ = console.core.db.call(accounts.create_api_token, username="editor", actor="fuzz")
    headers = {"Authorization": f"Bearer {token}"}
    created = await console.post("/admin/api/entries", json=entry, headers=headers)
    assert created.status < 500, (entry, await created.text())
    updated = await console.put("/admin/api/entries/ma-chai", json=entry, headers=headers)
    assert updated.status < 500, (entry, await updated.text())


def _zip_with(files: dict[str, str], entry: dict[str, Any]) -> bytes:
    kind = entry.pop("kind")
    name = entry_path(Path("."), kind, "fuzz-entry").as_posix()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path, text in files.items():
            zf.writestr(path, text)
        zf.writestr(name, yaml.safe_dump(entry, allow_unicode=True))
    return buf.getvalue()


@FUZZ
@given(entry=entries())
async def test_any_entry_in_an_imported_zip_gets_a_2xx_or_4xx(console, entry: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    if not hasattr(console, "fuzz_admin"):
        console.fuzz_admin = await console.agent("admin")
        export = await (await console.fuzz_admin.get("/admin/transfer/export.zip")).read()
        with zipfile.ZipFile(io.BytesIO(export)) as zf:
            console.fuzz_files = {n: zf.read(n).decode() for n in zf.namelist() if "/" not in n}  # registry files
    admin = console.fuzz_admin
    form = aiohttp.FormData()
    form.add_field("_csrf", admin.csrf)
    form.add_field("file", _zip_with(console.fuzz_files, entry), filename="tri-thuc.zip",
                   content_type="application/zip")
    report = await admin.http.post(admin.url("/admin/transfer/upload"), data=form)
    page = await report.text()
    assert report.status < 500, (entry, page[-2000:])
