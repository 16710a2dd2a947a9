"""`hoagiai admin ...`: console accounts from the command line, through the same domain operations as the console
(bot.domain.accounts, bot.domain.staffchat); every change is written to the audit log as "cli"."""

import argparse
import sys
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.core import texts
from bot.core.errors import DomainError, Invalid

if TYPE_CHECKING:
    from bot.storage.database import Database


def _database(settings: Settings) -> "Database":
    from bot.storage.db import open_database

    return open_database(settings.database_url, settings.data_dir)


def cmd_admin(args: argparse.Namespace, settings: Settings) -> int:
    """Console accounts from the command line; every change is written to the audit log as "cli"."""
    from bot.domain import accounts
    from bot.domain.passwords import check_password, hash_password

    username = args.username.strip().lower()
    db = _database(settings)
    try:
        accounts.check_username(username)
        if args.admin_command in ("create-user", "reset-password"):
            password = _read_password()
            check_password(username, password)
            if args.admin_command == "create-user":
                from bot.cli_report import known_communes

                db.call(accounts.create_account, username=username, role=args.role,
                        password_hash=hash_password(password), must_change=False, actor="cli", team=args.team,
                        communes_text=args.communes, communes=known_communes(db, settings))
                print(texts.ADMIN_CLI_CREATED.format(username=username, role=args.role))
            else:
                db.call(accounts.reset_password, username=username, password_hash=hash_password(password), actor="cli")
                print(texts.ADMIN_CLI_RESET.format(username=username))
        elif args.admin_command == "disable":
            db.call(accounts.set_enabled, username=username, active=False, actor="cli")
            print(texts.ADMIN_CLI_DISABLED.format(username=username))
        elif args.admin_command == "link":
            return _link(db, username, args)
        else:
            token, _info = db.call(accounts.create_api_token, username=username, actor="cli")
            print(texts.ADMIN_CLI_TOKEN.format(username=username))
            print(token)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0


def _link(db: "Database", username: str, args: argparse.Namespace) -> int:
    """`hoagiai admin link`: the chat account staff act from (see bot.domain.staffchat)."""
    from bot.domain.staffchat import CHANNEL_LABELS, link_account

    if args.telegram_id is not None:
        channel, external_id = "telegram", str(args.telegram_id)
    else:
        channel, external_id = "zalo", args.zalo_id.strip()
    if not external_id:
        print(texts.ADMIN_CLI_LINK_EMPTY, file=sys.stderr)
        return 1
    try:
        db.call(link_account, username=username, channel=channel, external_id=external_id, actor="cli")
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(texts.ADMIN_CLI_LINKED.format(channel=CHANNEL_LABELS[channel], external_id=external_id, username=username))
    return 0


def _read_password() -> str:
    """Prompt twice on a terminal; otherwise read the first line of stdin (for scripts)."""
    import getpass


    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(texts.ADMIN_CLI_PASSWORD_PROMPT)
    if getpass.getpass(texts.ADMIN_CLI_PASSWORD_AGAIN) != first:
        raise Invalid(texts.ADMIN_PASSWORD_MISMATCH, "password")
    return first
