"""Secrets generated on first start and kept in the database, so that every replica uses the same one."""

import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.storage.models import AppSecret


def get_or_create_secret(*, session: Session, name: str) -> str:
    row = session.get(AppSecret, name)
    if row is not None:
        return row.value
    try:
        with session.begin_nested():
            session.add(AppSecret(name=name, value=secrets.token_hex(32)))
    except IntegrityError:  # another replica created it first: use theirs
        pass
    row = session.get(AppSecret, name)
    assert row is not None
    return row.value
