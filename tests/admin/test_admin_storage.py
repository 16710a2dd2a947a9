"""The console's persistence on SQLite and PostgreSQL: sessions, login throttling, tokens, working copies and
publishing, inbox decisions, dashboard counts."""

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from bot.core.errors import Conflict
from bot.core.validation import load_registry
from bot.domain import accounts, entries
from bot.storage import accounts_repo as repo
from bot.storage import inbox_repo, knowledge_repo, login_repo, questions_repo, stats_repo
from bot.storage.database import Database
from bot.storage.models import EntryDraft, Feedback, KnowledgeEntry, LoginAttempt, QuestionLog, utcnow

TTL = dt.timedelta(hours=12)



def _user(db: Database, username: str = "lan", role: str = "editor") -> int:
    return db.call(accounts.create_account, username=username, role=role, password_hash="x", must_change=False,
                   actor="test").id


def test_sessions_slide_expire_and_end_when_the_user_is_disabled(db: Database) -> None:
    uid = _user(db)
    db.call(repo.create_session, user_id=uid, token="tok", csrf_token="csrf", ttl=TTL)
    info = db.call(repo.load_session, token="tok", ttl=TTL)
    assert info is not None and info.account.username == "lan" and info.csrf_token == "csrf"
    later = utcnow() + dt.timedelta(hours=11)
    assert db.call(repo.load_session, token="tok", ttl=TTL, now=later) is not None  # used: the deadline moves on
    assert db.call(repo.load_session, token="tok", ttl=TTL, now=later + dt.timedelta(hours=11)) is not None
    assert db.call(repo.load_session, token="tok", ttl=TTL, now=later + dt.timedelta(hours=24)) is None  # idle
    db.call(repo.create_session, user_id=uid, token="tok2", csrf_token="c", ttl=TTL)
    db.call(accounts.set_enabled, username="lan", active=False, actor="admin")
    assert db.call(repo.load_session, token="tok2", ttl=TTL) is None
    assert db.call(repo.load_session, token="unknown", ttl=TTL) is None


def test_login_attempts_are_counted_per_username_address_and_account_since_the_last_success(db: Database) -> None:
    limits = login_repo.Limits(dt.timedelta(minutes=15), per_pair=3, per_account=5, per_address=4)

    def claim(username: str, ip: str, now: dt.datetime | None = None) -> int | None:
        return db.call(login_repo.claim_attempt, username=username, ip=ip, limits=limits, now=now)

    assert all(claim("lan", "10.0.0.1") is not None for _ in range(3))
    assert claim("lan", "10.0.0.1") is None  # the pair's limit: refused, and not recorded
    assert claim("an", "10.0.0.1") is not None  # 4 failures from this address now
    assert claim("binh", "10.0.0.1") is None  # the address's limit
    assert claim("lan", "10.0.0.2") is not None and claim("lan", "10.0.0.3") is not None
    assert claim("lan", "10.0.0.4") is None  # the account's limit, whatever the address
    ok = claim("an", "10.0.0.9")
    assert ok is not None
    db.call(login_repo.settle_attempt, attempt_id=ok, success=True)
    assert claim("an", "10.0.0.9") is not None  # a success does not count as a failure
    later = utcnow() + dt.timedelta(minutes=16)
    assert claim("lan", "10.0.0.1", now=later) is not None  # the window has passed
    rows = db.call(lambda *, session: session.exec(select(LoginAttempt)).all())
    assert sum(r.success for r in rows) == 1 and len(rows) == 9


def test_api_tokens_are_stored_hashed_and_revocable(db: Database) -> None:
    _user(db)
    token, info = db.call(accounts.create_api_token, username="lan", actor="admin")
    assert db.call(repo.account_for_token, token=token).username == "lan"  # type: ignore[union-attr]
    assert [t.id for t in db.call(repo.list_tokens)] == [info.id]
    db.call(accounts.revoke_api_token, token_id=info.id, actor="admin")
    assert db.call(repo.account_for_token, token=token) is None


def test_an_edit_of_a_published_entry_waits_beside_it_until_published(db: Database, sample_knowledge: Path) -> None:
    db.call(knowledge_repo.import_directory, root=sample_knowledge, author="import")
    registry, _ = load_registry(sample_knowledge)
    version = db.call(knowledge_repo.current_version)
    copy = db.call(entries.get_copy, entry_id="ma-chai")
    assert copy is not None
    db.call(entries.save, kind="qa", data={**copy.data, "answer": "Bản sửa."}, registry=registry, actor="lan",
            create=False, submit=True)
    live = db.call(lambda *, session: session.get(KnowledgeEntry, "ma-chai"))
    assert live.status == "published" and "Bản sửa." not in live.body  # type: ignore[union-attr]
    pending = db.call(entries.get_copy, entry_id="ma-chai")
    assert pending.pending and pending.status == "review" and pending.data["answer"] == "Bản sửa."  # type: ignore[union-attr]
    assert db.call(knowledge_repo.current_version) == version  # nothing served changed yet
    with pytest.raises(Conflict) as same_person:
        db.call(entries.publish, entry_id="ma-chai", registry=registry, actor="lan", legal_review=True)
    assert same_person.value.field == "status"
    assert db.call(entries.publish, entry_id="ma-chai", registry=registry, actor="an", legal_review=True)
    live = db.call(lambda *, session: session.get(KnowledgeEntry, "ma-chai"))
    assert "Bản sửa." in live.body and live.status == "published"  # type: ignore[union-attr]
    assert db.call(lambda *, session: session.exec(select(EntryDraft)).all()) == []
    assert db.call(knowledge_repo.current_version) == version + 1
    kb, _, errors = db.call(knowledge_repo.load_live)
    assert kb.entries["ma-chai"].answer == "Bản sửa." and not errors


def test_closing_a_cluster_marks_its_questions_and_feedback_handled(db: Database) -> None:
    fields = {"channel": "web", "user_key": "u", "outcome": "none", "top_id": None, "top_score": None,
              "latency_ms": 1.0}
    qid = db.call(questions_repo.log_question, text="Giá xăng?", normalized="gia xang", **fields)
    db.call(questions_repo.log_question, text="Thời tiết?", normalized="thoi tiet", **fields)
    db.call(questions_repo.record_feedback, channel="web", user_key="u", entry_id="ma-chai", helpful=False,
            question_id=qid)
    db.call(questions_repo.record_feedback, channel="web", user_key="u", entry_id="ma-chay", helpful=False)
    closed = db.call(inbox_repo.close_cluster, keys=["gia xang", "👎 ma-chay"], action="ignore", entry_id=None,
                     reason="ngoài phạm vi", author="lan")
    assert closed == 2
    assert [g.normalized for g in db.call(questions_repo.unanswered)] == ["thoi tiet"]
    handled = db.call(lambda *, session: sorted((f.entry_id, f.handled) for f in session.exec(select(Feedback)).all()))
    assert handled == [("ma-chai", True), ("ma-chay", True)]


def test_dashboard_counts_answers_and_picked_suggestions_per_entry(db: Database) -> None:
    base = {"channel": "web", "user_key": "u", "text": "q", "normalized": "q", "top_score": 0.9, "latency_ms": 1.0}
    db.call(questions_repo.log_question, outcome="answer", top_id="ma-chai", **base)
    db.call(questions_repo.log_question, outcome="answer", top_id="ma-chai", **base)
    picked = db.call(questions_repo.log_question, outcome="suggest", top_id="ma-chay", **base)
    db.call(questions_repo.mark_picked, question_id=picked, entry_id="ma-chai")
    db.call(questions_repo.log_question, outcome="suggest", top_id="ma-chay", **base)  # nobody picked: not counted
    since = utcnow() - dt.timedelta(days=1)
    assert db.call(stats_repo.answered_entries, since=since) == [("ma-chai", 3)]
    assert db.call(stats_repo.open_cases) == 0
    assert db.call(lambda *, session: len(session.exec(select(QuestionLog)).all())) == 4
