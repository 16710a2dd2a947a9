"""Every sentence a person reads, in Vietnamese, in one place: editors and translators find them here.

Split by audience; `from bot.core import texts` then `texts.NAME` reads any of them.
"""

from bot.core.texts.chat import *  # noqa: F403
from bot.core.texts.console import *  # noqa: F403
from bot.core.texts.console_training import *  # noqa: F403
from bot.core.texts.kinds import *  # noqa: F403
from bot.core.texts.logbook import *  # noqa: F403
from bot.core.texts.logbook_reports import *  # noqa: F403
from bot.core.texts.operators import *  # noqa: F403
from bot.core.texts.public import *  # noqa: F403
from bot.core.texts.security import *  # noqa: F403
from bot.core.texts.staff import *  # noqa: F403
from bot.core.texts.training import *  # noqa: F403
from bot.core.texts.voice import *  # noqa: F403
