"""Storage on SQLite and PostgreSQL: knowledge import/export, revisions, the question log, retention, idempotency."""

import datetime as dt
import filecmp
from pathlib import Path

from sqlmodel import select

from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.storage import conversations_repo as conv
from bot.storage import knowledge_repo, questions_repo
from bot.storage.database import Database
from bot.storage.db import make_engine, migrate
from bot.storage.models import QuestionLog


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.yaml"))


def test_import_then_export_reproduces_the_files_byte_for_byte(db: Database, tmp_path: Path) -> None:
    report = db.call(knowledge_repo.import_directory, root=BUNDLED_KNOWLEDGE, author="test")
    assert report.created > 150 and not report.errors
    out = tmp_path / "export"
    db.call(knowledge_repo.export_directory, root=out)
    assert _tree(out) == _tree(BUNDLED_KNOWLEDGE)
    match, mismatch, errors = filecmp.cmpfiles(BUNDLED_KNOWLEDGE, out, _tree(BUNDLED_KNOWLEDGE), shallow=False)
    assert not mismatch and not errors


def test_import_is_an_idempotent_upsert(db: Database, sample_knowledge: Path) -> None:
    first = db.call(knowledge_repo.import_directory, root=sample_knowledge, author="test")
    version = db.call(knowledge_repo.current_version)
    second = db.call(knowledge_repo.import_directory, root=sample_knowledge, author="test")
    assert first.created == 5 and second.created == 0 and second.updated == 0 and second.unchanged == 5
    assert db.call(knowledge_repo.current_version) == version


def test_every_change_keeps_the_previous_content(db: Database, sample_knowledge: Path) -> None:
    db.call(knowledge_repo.import_directory, root=sample_knowledge, author="test")
    path = sample_knowledge / "qa" / "ma-chai.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("Không có căn cứ khoa học", "Không có cơ sở khoa học"), encoding="utf-8")
    report = db.call(knowledge_repo.import_directory, root=sample_knowledge, author="editor")
    assert report.updated == 1
    revisions = db.call(knowledge_repo.revisions, target="ma-chai")
    assert revisions[0].previous == original and revisions[0].author == "editor"
    kb, _, errors = db.call(knowledge_repo.load_live)
    assert "cơ sở khoa học" in kb.entries["ma-chai"].answer and not errors


def _log(db: Database, text: str, outcome: str, user: str = "u1", when: dt.datetime | None = None) -> int:
    qid = db.call(questions_repo.log_question, channel="web", user_key=user, text=text, normalized=text.lower(),
                  outcome=outcome, top_id=None, top_score=None, latency_ms=1.0)
    if when is not None:
        def backdate(*, session):  # type: ignore[no-untyped-def]
            row = session.get(QuestionLog, qid)
            row.created_at = when
            session.add(row)
        db.call(backdate)
    return qid


def test_unanswered_groups_identical_questions_with_counts(db: Database) -> None:
    _log(db, "Giá xăng", "none")
    _log(db, "giá xăng", "none", user="u2")
    picked = _log(db, "tổ hòa giải", "suggest")
    db.call(questions_repo.mark_picked, question_id=picked, entry_id="x")
    _log(db, "thủ tục gì", "suggest")
    _log(db, "được trả lời", "answer")
    groups = {g.normalized: g for g in db.call(questions_repo.unanswered)}
    assert set(groups) == {"giá xăng", "thủ tục gì"}
    assert groups["giá xăng"].count == 2 and groups["giá xăng"].source == "none"


def test_negative_feedback_reaches_the_unanswered_list_with_its_reason(db: Database) -> None:
    qid = _log(db, "câu hỏi", "answer")
    fid = db.call(questions_repo.record_feedback, channel="web", user_key="u1", entry_id="e1", helpful=False,
                  question_id=qid)
    db.call(questions_repo.update_feedback, feedback_id=fid, reason="unclear")
    groups = db.call(questions_repo.unanswered)
    assert [(g.source, g.reasons) for g in groups] == [("feedback", ("unclear",))]


def test_retention_drops_old_texts_and_keeps_daily_counts(db: Database) -> None:
    now = dt.datetime.now(dt.UTC)
    _log(db, "cũ", "none", when=now - dt.timedelta(days=800))
    _log(db, "mới", "none")
    assert db.call(questions_repo.drop_old_texts, days=730) == 1
    texts = db.call(lambda *, session: [r.text for r in session.exec(select(QuestionLog).order_by(QuestionLog.id))])
    assert texts == [None, "mới"]
    counts = db.call(questions_repo.daily_counts, since=(now - dt.timedelta(days=900)).date())
    assert sum(c.count for c in counts) == 2 and len({c.day for c in counts}) == 2


def test_an_update_id_is_claimed_once(db: Database) -> None:
    assert db.call(conv.claim_update, channel="telegram", update_id="42")
    assert not db.call(conv.claim_update, channel="telegram", update_id="42")
    assert db.call(conv.claim_update, channel="zalo", update_id="42")


def test_erasing_a_user_removes_state_and_feedback_and_unlinks_questions(db: Database) -> None:
    db.call(conv.save_state, user_key="u1", channel="web", state={"suggest": ["a"]})
    qid = _log(db, "hỏi", "answer")
    db.call(questions_repo.record_feedback, channel="web", user_key="u1", entry_id="e", helpful=True, question_id=qid)
    db.call(conv.erase_user, user_key="u1")
    assert db.call(conv.get_state, user_key="u1") == {}
    assert db.call(lambda *, session: session.get(QuestionLog, qid).user_key) is None
    assert db.call(questions_repo.unanswered) == []


def test_flood_limit_counts_messages_in_a_window(db: Database) -> None:
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    results = [db.call(conv.over_flood_limit, user_key="u", channel="web", limit=3, window_s=60,
                       now=t0 + dt.timedelta(seconds=i)) for i in range(5)]
    assert results == [False, False, False, True, True]
    assert not db.call(conv.over_flood_limit, user_key="u", channel="web", limit=3, window_s=60,
                       now=t0 + dt.timedelta(seconds=61))


def test_migrations_run_twice_without_harm(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    migrate(engine)
    engine.dispose()


async def test_group_commit_shares_a_transaction_and_a_failing_call_fails_alone(db: Database) -> None:
    import asyncio

    from bot.storage.group_commit import GroupCommit

    def boom(*, session) -> None:  # type: ignore[no-untyped-def]
        raise ValueError("hỏng")

    batched = GroupCommit(db)
    calls = [batched.run(conv.claim_update, channel="web", update_id=str(i)) for i in range(5)]
    results = await asyncio.gather(*calls, batched.run(boom), return_exceptions=True)
    assert results[:5] == [True] * 5 and isinstance(results[5], ValueError)
    assert not db.call(conv.claim_update, channel="web", update_id="3")  # committed despite the failing neighbour
