"""What a staff member can do from a staff chat (Telegram group, Zalo group), whichever platform carries it.

The doors translate a button press, a reply-to or a "#HG-… nhan" message into one call here, with the sender's raw
chat id. Each call first looks up the console account linked to that id (role staff or admin, active); anyone else
is refused, and the attempt is written to the audit log in the same transaction as the lookup. The case operations
themselves are the desk's (bot.desk), shared with the console, so a chat and the console can never disagree.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session

from bot.core import texts
from bot.core.errors import Conflict, NotFound
from bot.core.identity import user_key
from bot.domain.desk import Desk
from bot.storage import accounts_repo, cases_repo, secrets_repo
from bot.storage.accounts_repo import LINK_ROLES, STAFF_ROLES, Account
from bot.storage.audit_repo import write_audit
from bot.storage.database import Database
from bot.storage.models import Case, utcnow

logger = logging.getLogger(__name__)

StaffAction = Literal["take", "close", "reply"]
CHANNEL_LABELS = {"telegram": "Telegram", "zalo": "Zalo"}
LINK_COMMAND = "/lienket"


def link_command(text: str, bot_username: str | None = None) -> str | None:
    """The code of a `/lienket CODE` message ("" when it has none), or None for any other text.

    "/lienket@other_bot" is another bot's command (Telegram groups), so it is not ours.
    """
    parts = text.split(maxsplit=1)
    if not parts:
        return None
    command, _, target = parts[0].partition("@")
    if command.lower() != LINK_COMMAND or (target and bot_username and target.lower() != bot_username.lower()):
        return None
    return parts[1].strip() if len(parts) > 1 else ""


@dataclass(frozen=True)
class StaffResult:
    """What to tell the staff member. `posted`: the desk already said it in every staff chat (no echo needed)."""

    text: str
    allowed: bool = True
    posted: bool = False


# -- persistence (one transaction each) --------------------------------------------------------------------------------


def chat_pseudonym(session: Session, channel: str, external_id: str) -> str:
    """How the audit log names a chat account: "telegram:#3f9a…", a keyed hash like the question log's user keys
    (HMAC under the stored user salt), never the raw id. Whoever knows the id (`hoagiai admin link`) can match it."""
    salt = secrets_repo.get_or_create_secret(session=session, name="user_salt").encode()
    return f"{channel}:#{user_key(salt, channel, external_id)[:16]}"


def authorise(*, session: Session, channel: str, external_id: str, action: str, target: str | None) -> str | None:
    """The console username allowed to act for this chat account, or None after auditing the refused attempt."""
    account = accounts_repo.staff_for(session=session, channel=channel, external_id=external_id)
    if account is not None:
        return account.username
    # Pseudonymous, like the question log: the raw chat id is personal data; the reply text itself is not kept.
    write_audit(session=session, actor=chat_pseudonym(session, channel, external_id), action=f"staff.refused.{action}",
                target=target)
    return None


def link_account(*, session: Session, username: str, channel: str, external_id: str, actor: str) -> Account:
    """An operator links a chat account (`hoagiai admin link`); audited like every account change."""
    if accounts_repo.get_user(session=session, username=username) is None:
        raise NotFound(texts.ADMIN_USER_UNKNOWN, "username")
    account = accounts_repo.link_chat_account(session=session, username=username, channel=channel,
                                              external_id=external_id)
    write_audit(session=session, actor=actor, action=f"user.link_{channel}", target=username,
                after=chat_pseudonym(session, channel, external_id))
    return account


def issue_link_code(*, session: Session, username: str, actor: str, now: dt.datetime) -> str:
    """A new one-time code for a staff, admin or leader account (any older code stops working); audited, the code
    is not. A leader links to read their team's logbook in the chat (/sotodoi), never to act on cases."""
    account = accounts_repo.get_user(session=session, username=username)
    if account is None or not account.active:
        raise NotFound(texts.ADMIN_USER_UNKNOWN, "username")
    if account.role not in LINK_ROLES:
        raise Conflict(texts.ADMIN_LINK_STAFF_ONLY, "username")
    code = accounts_repo.create_link_code(session=session, username=username, now=now)
    write_audit(session=session, actor=actor, action="user.link_code", target=username)
    return code


def redeem_code(
    *, session: Session, code: str, channel: str, external_id: str, now: dt.datetime | None = None
) -> Account | None:
    """A user links their own chat account with a one-time code from the console (`/lienket CODE`)."""
    account = accounts_repo.redeem_link_code(session=session, code=code, channel=channel, external_id=external_id,
                                             now=now)
    if account is not None:
        write_audit(session=session, actor=account.username, action=f"user.link_{channel}", target=account.username,
                    after=chat_pseudonym(session, channel, external_id))
    return account


# -- the staff chat's operations -------------------------------------------------------------------------------------


class StaffChat:
    """Staff operations for one platform ("telegram" or "zalo"): the id space of `external_id`."""

    def __init__(self, db: Database, desk: Desk, channel: str, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.db = db
        self.desk = desk
        self.channel = channel
        self.clock = clock

    async def case_by_id(self, case_id: int) -> Case | None:
        return await self.db.run(cases_repo.get_case, case_id=case_id)

    async def case_by_number(self, number: str) -> Case | None:
        return await self.db.run(cases_repo.find_by_number, number=number.upper())

    async def case_by_card(self, ref: str) -> Case | None:
        """The case whose card the bot posted as message `ref` (as the desk stored it: "<notifier>:<ref>")."""
        return await self.db.run(cases_repo.find_by_staff_message, ref=f"{self.channel}:{ref}")

    async def act(self, external_id: str, action: StaffAction, case: Case | None, text: str = "") -> StaffResult:
        """Take, close or answer a case as the console user linked to `external_id`; refuse anyone else."""
        username = await self.db.run(authorise, channel=self.channel, external_id=external_id, action=action,
                                          target=case.number if case else None)
        if username is None:
            logger.info("staff chat: %s refused for an unlinked %s account", action, self.channel)
            return StaffResult(texts.STAFF_NOT_ALLOWED, allowed=False)
        desk = self.desk
        if case is None or case.id is None:
            return StaffResult(texts.STAFF_CASE_GONE)
        if action == "take":
            if await desk.assign(case.id, username) is None:
                return StaffResult(texts.STAFF_CASE_GONE)
            return StaffResult(texts.STAFF_TAKEN.format(user=username, number=case.number), posted=True)
        if action == "close":
            if await desk.close(case.id, username, texts.STAFF_CLOSE_OUTCOME) is None:
                return StaffResult(texts.STAFF_CASE_GONE)
            return StaffResult(texts.STAFF_CLOSED.format(user=username, number=case.number), posted=True)
        relay = await desk.reply(case.id, username, text)
        if relay.delivered:
            return StaffResult(texts.STAFF_REPLY_SENT.format(number=case.number))
        # The desk has already posted the failure, with its reason, in every staff chat.
        return StaffResult(texts.STAFF_RELAY_FAILED.format(number=case.number, reason=relay.error), posted=True)

    async def link(self, external_id: str, code: str) -> str:
        """`/lienket CODE`: link the sender's chat account to the console user who created the code."""
        if not code.strip():
            return texts.LINK_USAGE
        account = await self.db.run(redeem_code, code=code, channel=self.channel, external_id=external_id,
                                          now=self.clock())
        if account is None:
            return texts.LINK_FAILED
        done = texts.LINK_DONE.format(channel=CHANNEL_LABELS.get(self.channel, self.channel), username=account.username)
        if account.role == "leader" and account.active:
            return f"{done}\n{texts.LINK_LEADER}"
        return done if account.role in STAFF_ROLES and account.active else f"{done}\n{texts.LINK_NOT_STAFF}"
