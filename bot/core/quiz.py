"""Quiz items as the chat uses them: which items a round asks, when a missed item comes back, how a question and the
verdict on an answer look. Pure functions over the knowledge snapshot; practice, the daily question and contests
share them (bot.core.practice, bot.core.daily_flow, bot.core.contest_flow).

A missed item comes back after 1, then 3, then 7 days (7 thereafter) until it has been answered right twice.
"""

import datetime as dt
import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core import texts
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.messages import Button, Reply
from bot.core.render import citation_line

KIND = "quiz"
VN = ZoneInfo("Asia/Ho_Chi_Minh")  # days, hours and streaks are counted in Vietnam time
ROUND_SIZE = 5
REVIEW_DAYS = (1, 3, 7)
RIGHTS_TO_RETIRE = 2


@dataclass(frozen=True)
class Review:
    """A missed item waiting to come back."""

    due_at: dt.datetime
    returns: int = 0  # times it has come back since it was missed
    rights: int = 0  # right answers since it was missed


def next_review(current: Review | None, correct: bool, now: dt.datetime) -> Review | None:
    """The item's review after this answer: a miss starts one (due in a day); each return is scheduled at the next
    interval; None once it has been answered right twice (or when a right answer needs no review)."""
    if current is None:
        return None if correct else Review(now + dt.timedelta(days=REVIEW_DAYS[0]))
    returns, rights = current.returns + 1, current.rights + int(correct)
    if rights >= RIGHTS_TO_RETIRE:
        return None
    days = REVIEW_DAYS[min(returns, len(REVIEW_DAYS) - 1)]
    return Review(now + dt.timedelta(days=days), returns, rights)


def quiz_items(kb: KnowledgeBase, topic: str | None = None) -> list[Entry]:
    """Published quiz items, of one topic and its subtopics when given, in a stable order."""
    family = {topic} | {t.id for t in kb.topics.values() if t.parent == topic} if topic else None
    return sorted((e for e in kb.published() if e.kind == KIND and (family is None or family & set(e.topics))),
                  key=lambda e: e.id)


def quiz_topics(kb: KnowledgeBase) -> list[str]:
    """Top-level topics that have published quiz items, in the topic tree's order."""
    return [t.id for t in kb.topics.values() if t.parent is None and quiz_items(kb, t.id)]


def item_topic(kb: KnowledgeBase, entry: Entry) -> str:
    """The topic an item counts under in progress and reports: its first topic, at the top of the tree."""
    topic = entry.topics[0] if entry.topics else ""
    parent = kb.topics[topic].parent if topic in kb.topics else None
    return parent or topic


def pick_round(items: Sequence[Entry], reviews: Mapping[str, Review], seen: set[str], now: dt.datetime,
               rng: random.Random, size: int = ROUND_SIZE) -> list[str]:
    """Items for a round: those due for review first (the longest waiting first), then items never answered,
    then the others; an item whose review is not due yet waits for its day."""
    ids = {e.id for e in items}
    due = sorted((i for i, r in reviews.items() if i in ids and r.due_at <= now), key=lambda i: reviews[i].due_at)
    waiting = {i for i in reviews if i not in due}
    fresh = [e.id for e in items if e.id not in seen and e.id not in waiting]
    again = [e.id for e in items if e.id in seen and e.id not in waiting and e.id not in due]
    rng.shuffle(fresh)
    rng.shuffle(again)
    return (due + fresh + again)[:size]


def is_right(entry: Entry, choice: int) -> bool:
    choices = entry.data.get("choices") or []
    return 1 <= choice <= len(choices) and bool(choices[choice - 1].get("correct"))


def question_reply(entry: Entry, kb: KnowledgeBase, header: str, actions: Sequence[str], has_buttons: bool) -> Reply:
    """The question under its header; with buttons the choices are numbered in the text and the buttons carry the
    numbers, without them the choices are the buttons, which the door numbers (answered with a digit)."""
    choices = [str(c["text"]) for c in entry.data.get("choices") or []]
    if has_buttons:
        listed = "\n".join(f"{i}. {c}" for i, c in enumerate(choices, 1))
        return Reply(f"{header}\n\n{entry.title}\n\n{listed}",
                     tuple(Button(str(i), a) for i, a in enumerate(actions, 1)))
    return Reply(f"{header}\n\n{entry.title}", tuple(Button(c, a) for c, a in zip(choices, actions, strict=True)))


def verdict_text(entry: Entry, kb: KnowledgeBase, choice: int) -> str:
    """Right or wrong, why (the chosen choice's explanation, and the right one's when the choice was wrong), and the
    citation line."""
    choices = entry.data.get("choices") or []
    picked = choices[choice - 1] if 1 <= choice <= len(choices) else {}
    right = [(i, c) for i, c in enumerate(choices, 1) if c.get("correct")]
    lines = [texts.QUIZ_RIGHT if picked.get("correct") else texts.QUIZ_WRONG]
    if not picked.get("correct"):
        lines.append(texts.QUIZ_THE_ANSWER.format(answer="; ".join(f"{i}. {c['text']}" for i, c in right)))
    if picked.get("explanation"):
        lines.append(f"💡 {picked['explanation']}")
    if not picked.get("correct"):
        lines += [f"💡 {c['explanation']}" for _, c in right if c.get("explanation")]
    lines.append(citation_line(entry.citations, kb.documents))
    return "\n".join(line for line in lines if line)


def related_entry(entry: Entry, kb: KnowledgeBase) -> Entry | None:
    """The first published entry the item points to: "📚 Đọc bài liên quan" opens it."""
    return next((kb.entries[r] for r in entry.related
                 if r in kb.entries and kb.entries[r].status == "published" and kb.entries[r].kind != KIND), None)


def spread_minute(user_key: str) -> int:
    """The minute of the chosen hour a user's daily question goes out: fixed per user and spread evenly, so that a
    popular hour does not send every question in its first minute."""
    return int(hashlib.sha256(user_key.encode()).hexdigest()[:8], 16) % 60
