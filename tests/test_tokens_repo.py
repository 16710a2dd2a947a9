"""The shared channel-token pair on SQLite and PostgreSQL: first-start seeding and compare-and-set refreshes."""

import datetime as dt

from bot.storage import tokens_repo
from bot.storage.database import Database

NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)



def test_seeding_stores_the_configured_pair_once_and_never_overwrites_a_refreshed_one(db: Database) -> None:
    assert db.call(tokens_repo.get_token, name="zalo_oa") is None
    db.call(tokens_repo.seed_token, name="zalo_oa", access_token="a1", refresh_token="r1", expires_at=NOW)
    assert db.call(tokens_repo.replace_token, name="zalo_oa", previous_refresh_token="r1", access_token="a2",
                   refresh_token="r2", expires_at=NOW + dt.timedelta(hours=25))
    again = db.call(tokens_repo.seed_token, name="zalo_oa", access_token="a1", refresh_token="r1", expires_at=NOW)
    assert (again.access_token, again.refresh_token) == ("a2", "r2")
    row = db.call(tokens_repo.get_token, name="zalo_oa")
    assert (row.access_token, row.refresh_token) == ("a2", "r2")
    assert row.expires_at == NOW + dt.timedelta(hours=25) and row.expires_at.tzinfo is not None


def test_a_refresh_based_on_a_spent_refresh_token_loses_to_the_stored_one(db: Database) -> None:
    db.call(tokens_repo.seed_token, name="zalo_oa", access_token="a1", refresh_token="r1", expires_at=NOW)
    first = db.call(tokens_repo.replace_token, name="zalo_oa", previous_refresh_token="r1", access_token="a2",
                    refresh_token="r2", expires_at=NOW)
    second = db.call(tokens_repo.replace_token, name="zalo_oa", previous_refresh_token="r1", access_token="b2",
                     refresh_token="s2", expires_at=NOW)
    assert (first, second) == (True, False)
    assert db.call(tokens_repo.get_token, name="zalo_oa").access_token == "a2"


def test_set_expiry_marks_the_stored_token_due(db: Database) -> None:
    db.call(tokens_repo.seed_token, name="zalo_oa", access_token="a1", refresh_token="r1",
            expires_at=NOW + dt.timedelta(days=1))
    db.call(tokens_repo.set_expiry, name="zalo_oa", expires_at=NOW)
    assert db.call(tokens_repo.get_token, name="zalo_oa").expires_at == NOW
