"""`hoagiai backup FILE [--encrypt]` and `hoagiai restore FILE`: the passphrase is asked twice on a terminal (once
for a restore), or read as one line of stdin for scripts; it is never taken from the command line or the settings."""

import argparse
import getpass
import sys
from pathlib import Path

from bot.config import Settings
from bot.core import texts
from bot.core.errors import BackupError


def read_passphrase(prompt: str, *, confirm: bool) -> str:
    """Two prompts on a terminal (must match when `confirm`); otherwise the first line of stdin."""
    if not sys.stdin.isatty():
        secret = sys.stdin.readline().rstrip("\r\n")
    else:
        secret = getpass.getpass(prompt)
        if confirm and getpass.getpass(texts.BACKUP_PASSPHRASE_AGAIN) != secret:
            raise BackupError(texts.BACKUP_PASSPHRASE_MISMATCH)
    if not secret:
        raise BackupError(texts.BACKUP_PASSPHRASE_EMPTY)
    return secret


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.backup import create_backup
    from bot.storage.db import open_database

    try:
        passphrase = read_passphrase(texts.BACKUP_PASSPHRASE, confirm=True) if args.encrypt else None
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    counts = create_backup(open_database(settings.database_url, settings.data_dir), Path(args.file), passphrase)
    print(texts.CLI_BACKED_UP.format(rows=sum(counts.values()), tables=len(counts), path=args.file))
    if passphrase is not None:
        print(texts.CLI_BACKED_UP_ENCRYPTED)
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.backup import restore_backup
    from bot.storage.db import open_database

    source = Path(args.file)

    def ask() -> str:
        return read_passphrase(texts.BACKUP_PASSPHRASE_FOR.format(source=source), confirm=False)

    try:
        counts = restore_backup(open_database(settings.database_url, settings.data_dir), source, ask)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(texts.CLI_RESTORED.format(rows=sum(counts.values()), path=args.file))
    return 0
