"""The one wiring module: build_core(settings) -> Services, and build_web_app(services) -> the aiohttp app."""

import datetime as dt
import logging
from collections.abc import Callable

from aiohttp import web

from bot.config import Settings
from bot.core.contest_flow import ContestFlow
from bot.core.context import Flow
from bot.core.daily_flow import DailyFlow
from bot.core.dialogue import Dialogue
from bot.core.escalation import EscalationFlow
from bot.core.listen import ListenFlow
from bot.core.logbook_flow import LogbookFlow
from bot.core.paperwork import PaperworkFlow
from bot.core.place import PlaceFlow
from bot.core.ports import Outbound
from bot.core.practice import PracticeFlow
from bot.core.scope import ScopeFlow
from bot.core.service import KnowledgeService
from bot.core.team_flow import TeamFlow
from bot.core.voice_in import VoiceFlow
from bot.domain.daily import DailyQuestions
from bot.domain.desk import Desk
from bot.domain.logbook_reminders import LogbookReminders
from bot.domain.logbook_report import TeamBook
from bot.domain.transcode import Transcoder
from bot.domain.voice import VoiceInbox
from bot.services import Services
from bot.storage import knowledge_repo, secrets_repo
from bot.storage.db import open_database, startup_lock
from bot.storage.logbook_store import LogbookStore
from bot.storage.models import utcnow
from bot.storage.store import Store
from bot.storage.training_store import TrainingStore

logger = logging.getLogger(__name__)


def build_core(settings: Settings, *, clock: Callable[[], dt.datetime] = utcnow) -> Services:
    """Open (and migrate) the database, import the bundled knowledge on first start, build the index."""
    db = open_database(settings.database_url, settings.data_dir)
    with startup_lock(db.engine):  # several replicas starting together import the bundled knowledge once
        if db.call(knowledge_repo.is_empty):
            report = db.call(knowledge_repo.import_directory, root=settings.knowledge_dir, author="system")
            logger.info("imported bundled knowledge: %d entries", report.created)
    kb, version, errors = db.call(knowledge_repo.load_live)
    service = KnowledgeService(kb, settings.search_config(), version)
    store = Store(db, flood_limit=settings.flood_limit)
    channels: dict[str, Outbound] = {}  # filled by build_web_app as each configured door starts
    desk = Desk(db, service, channels, response_hours=settings.case_response_hours, clock=clock,
                public_url=settings.public_url)
    transcoder = Transcoder(settings.ffmpeg)  # recorded answers and voice messages
    voice = VoiceFlow(VoiceInbox(db, desk, transcoder, clock), settings.case_response_hours, settings.public_url)
    flows: list[Flow] = []
    flows += [EscalationFlow(desk, settings.case_response_hours),  # 🆘 Hỏi cán bộ, /chuyen, /vuviec
              ScopeFlow(peers=flows),  # /kiemtra; reads `flows` when answering, to offer escalation if present
              PaperworkFlow(store, public_url=settings.public_url, clock=clock)]  # /vanban
    training = TrainingStore(db)
    place = PlaceFlow(training)  # /coso, shared with the logbook
    flows += [PracticeFlow(training, clock),  # 🎯 Ôn luyện, /onluyen, /tiendo
              LogbookFlow(LogbookStore(db), training, place, clock, settings.reminder_hour),  # 📒 /ghiso, /soghi
              TeamFlow(TeamBook(db), store, clock, settings.public_url),  # /sotodoi: a team leader's report
              DailyFlow(training, training, clock),  # /moingay, /dunglai and the daily question's answers
              place,
              ContestFlow(training, clock),  # /thi CODE
              ListenFlow(settings.public_url),  # 🔊 Nghe, /ngonngu
              voice]  # a mediator's voice message, sent to the staff desk when confirmed
    salt = (settings.user_salt or db.call(secrets_repo.get_or_create_secret, name="user_salt")).encode()
    dialogue = Dialogue(service, store, salt, flows, voice=voice)
    daily = DailyQuestions(db, service, channels, store, clock=clock)
    reminders = LogbookReminders(db, service, channels, store, hour=settings.reminder_hour, clock=clock)
    return Services(settings, db, store, service, dialogue, desk, channels, clock=clock, daily=daily,
                    transcoder=transcoder, reminders=reminders)


def build_web_app(core: Services) -> web.Application:
    """The aiohttp application: web chat, health, and (when configured) channel webhooks and the console."""
    from admin.app import build_admin_app
    from bot.channels import telegram, telegram_staff, webchat, zalo_bot, zalo_bot_staff, zalo_oa
    from bot.web import articles_api, downloads, errors, health, library, listen, metrics, widget
    from bot.web.client import AddressLimiter
    from bot.web.request_id import request_id_middleware

    app = web.Application(middlewares=[request_id_middleware, errors.error_middleware], client_max_size=64 * 1024)
    app[SERVICES] = core
    settings = core.settings
    health.setup(app, core.db, core.service)
    metrics.setup(app, core.dialogue, core.db, core.service, settings.case_response_hours, core.update_failures)
    limiter = AddressLimiter(settings.rate_per_ip, settings.proxies())  # HOAGIAI_RATE_PER_IP: chat and search only
    webchat.setup(app, core, limiter)
    library.setup(app, core.service, settings.widget_origins, limiter=limiter)  # public pages under /thu-vien/
    articles_api.setup(app, core.service)  # GET /api/articles: one bundled article's text
    widget.setup(app, settings.widget_origins)  # /widget.js and who may frame the chat page
    downloads.setup(app, core.db, core.clock)  # one-time links to generated documents: /tai-ve/{token}
    listen.setup(app, core.db, core.service, settings.widget_origins)  # /nghe/{clip}: player page and the clip
    zalo_door = zalo_bot.setup(app, core)  # only with ZALO_BOT_TOKEN; starts before and stops before core.close
    zalo_bot_staff.setup(core, zalo_door)  # /lienket; with STAFF_ZALO_CHAT_ID, case cards and typed staff commands
    zalo_oa.setup(app, core)  # only with ZALO_OA_APP_ID and ZALO_OA_SECRET_KEY
    app.add_subapp("/admin", build_admin_app(core))  # the editors' console and its JSON API
    telegram_door = telegram.setup(app, core)  # only with TELEGRAM_BOT_TOKEN: polling, or webhook mode
    telegram_staff.setup(core, telegram_door)  # /lienket; with STAFF_TELEGRAM_CHAT_ID, case cards and staff replies

    async def on_startup(_app: web.Application) -> None:
        await core.start_background()

    async def on_cleanup(_app: web.Application) -> None:
        await core.close()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app


SERVICES = web.AppKey("services", Services)
