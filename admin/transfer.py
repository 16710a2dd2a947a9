"""Import/export pages for the whole knowledge base as a zip of YAML files. An upload is checked and a report shown
before anything is applied; applying imports it like `hoagiai import` and serves it at once (bot.domain.transfer)."""

import asyncio
import base64
import binascii
import datetime as dt
import hashlib
import tempfile
from pathlib import Path

from aiohttp import web

from admin.web import LOCAL_TZ, Upload, account_of, core_of, read_form, redirect, render, text_field
from bot.core import texts
from bot.core.errors import Invalid
from bot.domain.transfer import apply_import, dry_run, export_zip, unpack


async def export(request: web.Request) -> web.StreamResponse:
    """Download every entry and registry file as YAML in a zip (the layout of knowledge/)."""
    data = await core_of(request).db.run(export_zip)
    name = f"tri-thuc-hoagiai-{dt.datetime.now(LOCAL_TZ):%Y%m%d-%H%M}.zip"
    return web.Response(body=data, content_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def transfer_page(request: web.Request) -> web.StreamResponse:
    """Download, or upload a zip to check."""
    return render(request, "transfer.html", report=None)


async def upload(request: web.Request) -> web.StreamResponse:
    """Check an uploaded zip and show what applying it would change; nothing is applied yet."""
    form = await read_form(request)
    file = form.get("file")
    if not isinstance(file, Upload) or not file.content:
        raise Invalid(texts.ADMIN_ZIP_INVALID)
    with tempfile.TemporaryDirectory() as tmp:
        ignored = await asyncio.to_thread(unpack, file.content, Path(tmp))
        report = await core_of(request).db.run(dry_run, root=Path(tmp))
    report.ignored = ignored
    # The zip travels back with the apply form, so any replica can apply it and nothing lingers on disk.
    return render(request, "transfer.html", report=report, filename=file.filename,
                  payload=base64.b64encode(file.content).decode(), digest=hashlib.sha256(file.content).hexdigest())


async def apply(request: web.Request) -> web.StreamResponse:
    """Apply a checked upload (valid files only; broken ones were listed in the report) and serve it at once."""
    form = await read_form(request)
    try:
        data = base64.b64decode(text_field(form, "payload"), validate=True)
    except (binascii.Error, ValueError):
        raise Invalid(texts.ADMIN_UPLOAD_EXPIRED) from None
    if not data or hashlib.sha256(data).hexdigest() != text_field(form, "digest"):
        raise Invalid(texts.ADMIN_UPLOAD_EXPIRED)
    core = core_of(request)
    with tempfile.TemporaryDirectory() as tmp:
        await asyncio.to_thread(unpack, data, Path(tmp))
        await core.db.run(apply_import, root=Path(tmp), actor=account_of(request).username)
    await core.refresh_knowledge()
    raise redirect("/admin/transfer", "imported")
