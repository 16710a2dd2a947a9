"""The console as an aiohttp sub-application (mounted at /admin by bot.app.build_web_app): every page and its roles
in one table, the middlewares, templates and static files, and the first administrator on an empty database."""

import hashlib
import urllib.parse
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from admin import (
    api,
    audio,
    audio_api,
    auth,
    cases,
    content,
    contests,
    dashboard,
    inbox,
    lexicon,
    links,
    logbook,
    logbook_lists,
    testpanel,
    training,
    transfer,
    users,
)
from admin.logbook import LEADERS, STATS_ROLES
from admin.web import ADMINS, CORE, EDITORS, EVERYONE, STAFF, Console, account_of, error_pages, guard, local_time
from bot.core import texts
from bot.core.schema import KIND_LABELS

HERE = Path(__file__).parent
STATIC = HERE / "static"
View = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def home(request: web.Request) -> web.StreamResponse:
    """Editors and admins start on the dashboard; staff (escalated cases) on the cases inbox; leaders on their team."""
    if account_of(request).role in EDITORS:
        raise web.HTTPSeeOther("/admin/dashboard")
    if account_of(request).role in LEADERS:
        raise web.HTTPSeeOther("/admin/team")
    raise web.HTTPSeeOther("/admin/cases")


# (method, path, view, roles). Order matters where a fixed path and a {parameter} overlap: /entries/new first.
PAGES: list[tuple[str, str, View, frozenset[str]]] = [
    ("GET", "/", home, EVERYONE),
    ("POST", "/logout", auth.logout, EVERYONE),
    ("GET", "/password", auth.password_page, EVERYONE),
    ("POST", "/password", auth.change_password, EVERYONE),
    ("GET", "/dashboard", dashboard.dashboard, EDITORS),
    ("GET", "/dashboard.csv", dashboard.dashboard_csv, EDITORS),
    ("GET", "/test", testpanel.test_panel, EDITORS),
    ("GET", "/entries", content.entry_list, EDITORS),
    ("GET", "/entries/new", content.new_entry_page, EDITORS),
    ("POST", "/entries/new", content.create_entry, EDITORS),
    ("POST", "/entries/preview", content.preview, EDITORS),
    ("GET", "/entries/{id}", content.edit_entry_page, EDITORS),
    ("POST", "/entries/{id}", content.update_entry, EDITORS),
    ("POST", "/entries/{id}/publish", content.publish_entry, EDITORS),
    ("POST", "/entries/{id}/archive", content.archive_entry, EDITORS),
    ("GET", "/entries/{id}/history", content.history, EDITORS),
    ("GET", "/entries/{id}/history/{rid}", content.revision_diff, EDITORS),
    ("POST", "/entries/{id}/history/{rid}/revert", content.revert, EDITORS),
    ("POST", "/entries/{id}/audio", audio.upload_clip, EDITORS),
    ("POST", "/entries/{id}/audio/{lang}/delete", audio.delete_clip, EDITORS),
    ("GET", "/entries/{id}/audio/{clip}.ogg", audio.clip_file, EDITORS),
    ("GET", "/audio", audio.reach_page, EDITORS),
    ("GET", "/inbox", inbox.inbox_page, EDITORS),
    ("POST", "/inbox/new", content.new_entry_from_cluster, EDITORS),
    ("POST", "/inbox/alternate", inbox.add_alternate, EDITORS),
    ("POST", "/inbox/ignore", inbox.ignore, EDITORS),
    ("GET", "/lexicon", lexicon.lexicon_page, EDITORS),
    ("POST", "/lexicon", lexicon.lexicon_save, EDITORS),
    ("GET", "/citations", lexicon.citations_page, EDITORS),
    ("POST", "/citations/review", lexicon.mark_review, EDITORS),
    ("GET", "/stale", lexicon.stale_page, EDITORS),
    ("GET", "/training", training.report_page, EDITORS),
    ("GET", "/training.csv", training.report_csv, EDITORS),
    ("GET", "/communes", training.communes_page, EDITORS),
    ("POST", "/communes", training.communes_save, EDITORS),
    ("GET", "/logbook-lists", logbook_lists.lists_page, EDITORS),  # knowledge/logbook.yaml
    ("POST", "/logbook-lists", logbook_lists.lists_save, EDITORS),
    ("GET", "/contests", contests.contests_page, EDITORS),
    ("POST", "/contests", contests.create, EDITORS),
    ("GET", "/contests/{id}", contests.contest_page, EDITORS),
    ("GET", "/contests/{id}/ranking.csv", contests.ranking_csv, EDITORS),
    ("GET", "/transfer", transfer.transfer_page, EDITORS),
    ("GET", "/transfer/export.zip", transfer.export, EDITORS),
    ("POST", "/transfer/upload", transfer.upload, ADMINS),
    ("POST", "/transfer/apply", transfer.apply, ADMINS),
    ("GET", "/users", users.users_page, ADMINS),
    ("POST", "/users", users.create_user, ADMINS),
    ("POST", "/users/{username}/role", users.change_role, ADMINS),
    ("POST", "/users/{username}/active", users.set_active, ADMINS),
    ("POST", "/users/{username}/reset", users.reset_password, ADMINS),
    ("POST", "/users/{username}/tokens", users.create_token, ADMINS),
    ("POST", "/tokens/{token_id}/revoke", users.revoke_token, ADMINS),
    ("GET", "/audit", users.audit_page, ADMINS),
    ("GET", "/cases", cases.inbox, STAFF),
    ("GET", "/cases/{id}", cases.case_page, STAFF),
    ("POST", "/cases/{id}/assign", cases.assign, STAFF),
    ("POST", "/cases/{id}/reply", cases.reply, STAFF),
    ("POST", "/cases/{id}/note", cases.add_note, STAFF),
    ("POST", "/cases/{id}/close", cases.close, STAFF),
    ("POST", "/cases/{id}/scenario", cases.draft_scenario, STAFF),
    ("GET", "/cases/{id}/voice/{voice}", audio.case_voice, STAFF),
    ("GET", "/logbook", logbook.stats_page, STATS_ROLES),
    ("GET", "/logbook.csv", logbook.stats_csv, STATS_ROLES),
    ("GET", "/logbook.xlsx", logbook.stats_xlsx, STATS_ROLES),
    ("GET", "/team", logbook.team_page, LEADERS),
    ("GET", "/team/report.docx", logbook.team_docx, LEADERS),
    ("POST", "/users/{username}/scope", users.set_scope, ADMINS),
    ("GET", "/account", links.account_page, EVERYONE),
    ("POST", "/account/link-code", links.my_link_code, STAFF | LEADERS),
    ("POST", "/users/{username}/link-code", links.user_link_code, ADMINS),
]


def build_admin_app(core: Console) -> web.Application:
    """The console: pages (session login, CSRF, roles), the bearer-token JSON API, templates and static files."""
    app = web.Application(middlewares=[error_pages, auth.auth_middleware])
    app[CORE] = core
    env = aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True)
    env.filters["local"] = local_time
    env.filters["urlencode_without"] = lambda query, name: urllib.parse.urlencode(
        [(k, v) for k, v in query.items() if k != name])
    env.globals.update(asset=_asset_urls(), kind_labels=KIND_LABELS, status_labels=texts.STATUS_LABELS,
                       role_labels=texts.ROLE_LABELS, EDITORS=EDITORS)
    app.router.add_get("/login", auth.login_page)
    app.router.add_post("/login", auth.login)
    for method, path, view, roles in PAGES:
        app.router.add_route(method, path, guard(view, roles))
    for method, path, handler in [*api.routes(), *audio_api.routes(), *logbook.api_routes()]:
        app.router.add_route(method, path, handler)
    app.router.add_static("/static/", STATIC)

    async def first_admin(_app: web.Application) -> None:
        settings = core.settings
        url = f"{settings.public_url.rstrip('/')}/admin/" if settings.public_url else \
            f"http://{settings.host}:{settings.port}/admin/"
        await auth.ensure_first_admin(core, url)

    app.on_startup.append(first_admin)
    return app


def _asset_urls() -> dict[str, str]:
    """Static URLs with a content hash, so browsers cache them until they change."""
    return {p.name: f"/admin/static/{p.name}?v={hashlib.sha256(p.read_bytes()).hexdigest()[:10]}"
            for p in STATIC.iterdir() if p.is_file()}
