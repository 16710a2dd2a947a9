"""Editors' decisions on clusters of unanswered questions: close the questions and keep the decision."""

from sqlalchemy import update
from sqlmodel import Session, col

from bot.storage import questions_repo
from bot.storage.models import Feedback, InboxDecision
from bot.storage.sql import affected

FEEDBACK_KEY = "👎 "  # questions_repo groups 👎 feedback that has no logged question under "👎 <entry id>"


def close_cluster(
    *, session: Session, keys: list[str], action: str, entry_id: str | None, reason: str | None, author: str
) -> int:
    """Mark every question (and 👎 feedback) of the cluster handled and record the decision; returns rows closed."""
    closed = 0
    for key in keys:
        if key.startswith(FEEDBACK_KEY):
            closed += _close_feedback(session, key.removeprefix(FEEDBACK_KEY))
        else:
            closed += questions_repo.mark_handled(session=session, normalized=key)
        session.add(InboxDecision(normalized=key, action=action, entry_id=entry_id, reason=reason, author=author))
    return closed


def _close_feedback(session: Session, entry_id: str) -> int:
    result = session.execute(
        update(Feedback)
        .where(col(Feedback.entry_id) == entry_id, col(Feedback.question_id).is_(None),
               col(Feedback.helpful).is_(False))
        .values(handled=True)
    )
    return affected(result)
