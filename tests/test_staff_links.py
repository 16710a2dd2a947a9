"""Links between console accounts and Telegram/Zalo accounts, on SQLite and PostgreSQL: who may act in a staff
chat, one-time link codes, and the audit of refusals."""

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.domain.staffchat import (
    authorise,
    chat_pseudonym,
    issue_link_code,
    link_account,
    link_command,
    redeem_code,
)
from bot.storage import accounts_repo
from bot.storage.database import Database
from bot.storage.models import AuditLog, User

NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def db(db: Database) -> Iterator[Database]:
    """The shared migrated database, with a staff, an admin and an editor account."""
    database = db
    for username, role in (("canbo1", "staff"), ("quantri", "admin"), ("bientap", "editor")):
        database.call(accounts_repo.create_user, username=username, password_hash="-", role=role,
                      must_change_password=False)
    yield database


def staff(db: Database, channel: str, external_id: str) -> str | None:
    account = db.call(accounts_repo.staff_for, channel=channel, external_id=external_id)
    return account.username if account else None


def test_only_active_staff_and_admins_linked_to_the_chat_account_may_act(db: Database) -> None:
    for username, telegram_id in (("canbo1", "11"), ("quantri", "12"), ("bientap", "13")):
        db.call(link_account, username=username, channel="telegram", external_id=telegram_id, actor="cli")
    assert [staff(db, "telegram", i) for i in ("11", "12", "13", "14")] == ["canbo1", "quantri", None, None]
    assert staff(db, "zalo", "11") is None  # a Telegram id is not a Zalo id
    db.call(accounts_repo.set_active, username="canbo1", active=False)
    assert staff(db, "telegram", "11") is None


def test_a_chat_account_belongs_to_one_console_account(db: Database) -> None:
    db.call(link_account, username="canbo1", channel="zalo", external_id="z1", actor="cli")
    db.call(link_account, username="quantri", channel="zalo", external_id="z1", actor="cli")
    assert staff(db, "zalo", "z1") == "quantri"
    audit = db.call(lambda *, session: [(a.actor, a.action, a.target) for a in session.exec(select(AuditLog))])
    assert audit == [("cli", "user.link_zalo", "canbo1"), ("cli", "user.link_zalo", "quantri")]


def test_a_link_code_works_once_and_only_within_ten_minutes(db: Database) -> None:
    code = db.call(accounts_repo.create_link_code, username="canbo1", now=NOW)
    assert len(code) == 8 and code.isalnum() and code.isupper()
    assert db.call(redeem_code, code=code, channel="telegram", external_id="21", now=NOW + dt.timedelta(minutes=11)) \
        is None
    fresh = db.call(accounts_repo.create_link_code, username="canbo1", now=NOW)
    assert db.call(redeem_code, code="WRONG123", channel="telegram", external_id="21", now=NOW) is None
    linked = db.call(redeem_code, code=f" {fresh.lower()} ", channel="telegram", external_id="21",
                     now=NOW + dt.timedelta(minutes=9))
    assert linked is not None and linked.username == "canbo1" and staff(db, "telegram", "21") == "canbo1"
    assert db.call(redeem_code, code=fresh, channel="telegram", external_id="22", now=NOW) is None  # used up
    stored = db.call(lambda *, session: [u.link_code for u in session.exec(select(User))])
    assert fresh not in stored  # only a hash is ever stored, and it is cleared once used


def test_a_refused_attempt_is_audited_with_the_chat_account_and_the_case(db: Database) -> None:
    db.call(link_account, username="bientap", channel="telegram", external_id="31", actor="cli")
    assert db.call(authorise, channel="telegram", external_id="31", action="take", target="HG-2026-00001") is None
    db.call(link_account, username="canbo1", channel="telegram", external_id="32", actor="cli")
    assert db.call(authorise, channel="telegram", external_id="32", action="take", target="HG-2026-00001") == "canbo1"
    refused = db.call(lambda *, session: [(a.actor, a.target) for a in session.exec(
        select(AuditLog).where(AuditLog.action == "staff.refused.take"))])
    assert refused == [(db.call(chat_pseudonym, channel="telegram", external_id="31"), "HG-2026-00001")]


def test_the_audit_log_never_holds_a_raw_chat_id(db: Database) -> None:
    """Chat ids are personal data: refusals and links are audited under a keyed hash, like the question log."""
    db.call(link_account, username="canbo1", channel="telegram", external_id="777000111", actor="cli")
    db.call(authorise, channel="telegram", external_id="888000222", action="take", target="HG-2026-00001")
    db.call(authorise, channel="zalo", external_id="zalo-user-333", action="close", target="HG-2026-00001")
    code = db.call(issue_link_code, username="canbo1", actor="admin", now=NOW)
    db.call(redeem_code, code=code, channel="zalo", external_id="zalo-user-444", now=NOW)
    rows = db.call(lambda *, session: [f"{a.actor} {a.target} {a.before} {a.after}"
                                       for a in session.exec(select(AuditLog))])
    assert len(rows) == 5
    for raw in ("777000111", "888000222", "zalo-user-333", "zalo-user-444"):
        assert not any(raw in row for row in rows), raw
    pseudonym = db.call(chat_pseudonym, channel="telegram", external_id="888000222")
    assert pseudonym.startswith("telegram:#") and any(pseudonym in row for row in rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("/lienket K7M2QX9P", "K7M2QX9P"), ("/lienket", ""), ("/LienKet@hoagiai_test_bot  abc ", "abc"),
     ("/lienket@other_bot K7M2QX9P", None), ("/lienketx K7", None), ("lienket K7M2QX9P", None), ("", None)],
    ids=["code", "no-code", "addressed-to-us", "another-bot", "other-command", "not-a-command", "empty"],
)
def test_the_link_command_is_recognised(text: str, expected: str | None) -> None:
    assert link_command(text, "hoagiai_test_bot") == expected
