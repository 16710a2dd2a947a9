"""Editors' working copies: the live entry rows, pending drafts of published entries, and single revisions.

A published entry is edited in `entry_draft` so that the bot keeps serving the published text until the change is
published; entries that are not published are edited in place (knowledge_repo.put_entry).
"""

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.storage.models import EntryDraft, KnowledgeEntry, Revision, utcnow


def live_entry(*, session: Session, entry_id: str) -> KnowledgeEntry | None:
    return session.get(KnowledgeEntry, entry_id)


def all_live_entries(*, session: Session) -> list[KnowledgeEntry]:
    return list(session.exec(select(KnowledgeEntry).order_by(col(KnowledgeEntry.id))).all())


def get_draft(*, session: Session, entry_id: str) -> EntryDraft | None:
    return session.get(EntryDraft, entry_id)


def all_drafts(*, session: Session) -> list[EntryDraft]:
    return list(session.exec(select(EntryDraft)).all())


def put_draft(*, session: Session, entry_id: str, kind: str, status: str, body: str, author: str, action: str) -> bool:
    """Create or replace the pending draft, keeping the previous text as a revision; False when nothing changed."""
    row = session.get(EntryDraft, entry_id)
    if row is not None and row.body == body and row.status == status:
        return False
    live = session.get(KnowledgeEntry, entry_id)
    previous = row.body if row is not None else (live.body if live is not None else None)
    row = row or EntryDraft(entry_id=entry_id, kind=kind, status=status, body=body, updated_by=author)
    row.kind, row.status, row.body, row.updated_by, row.updated_at = kind, status, body, author, utcnow()
    session.add(row)
    session.add(Revision(target=entry_id, kind=kind, action=action, previous=previous, current=body, author=author))
    return True


def delete_draft(*, session: Session, entry_id: str) -> None:
    session.execute(delete(EntryDraft).where(col(EntryDraft.entry_id) == entry_id))


def get_revision(*, session: Session, revision_id: int) -> Revision | None:
    return session.get(Revision, revision_id)


def touch_draft(*, session: Session, entry_id: str, kind: str, body: str, author: str) -> None:
    """A change that is not in the text (a recorded answer) makes the entry's pending change: open a draft with `body`
    (the live text as a draft) when there is none, and make `author` its last author (review rules count who changed
    it last)."""
    row = session.get(EntryDraft, entry_id)
    if row is None:
        row = EntryDraft(entry_id=entry_id, kind=kind, status="draft", body=body, updated_by=author)
    row.updated_by, row.updated_at = author, utcnow()
    session.add(row)
