"""The audit log: who changed what, when, with the content before and after. Every console and API change writes it."""

from sqlmodel import Session, col, select

from bot.storage.models import AuditLog

PAGE = 100


def write_audit(
    *,
    session: Session,
    actor: str,
    action: str,
    target: str | None,
    before: str | None = None,
    after: str | None = None,
) -> None:
    """Record one change inside the caller's transaction, so the change and its record commit together."""
    session.add(AuditLog(actor=actor[:80], action=action[:64], target=(target or "")[:200] or None,
                         before=before, after=after))


def recent_audit(*, session: Session, before_id: int | None = None, target: str | None = None) -> list[AuditLog]:
    q = select(AuditLog).order_by(col(AuditLog.id).desc()).limit(PAGE)
    if before_id is not None:
        q = q.where(col(AuditLog.id) < before_id)
    if target:
        q = q.where(col(AuditLog.target) == target)
    return list(session.exec(q).all())
