"""Practice (/onluyen, menu "🎯 Ôn luyện"): rounds of five quiz items, by topic or mixed, one at a time; after each
answer the verdict with its explanation and citation line and "📚 Đọc bài liên quan"; at the end the score and the
topics to review. Progress (/tiendo): rounds, right answers per topic, the streak of days, items waiting to come back.

The open round lives in the conversation state ("quiz"): its number, items and step. Every answer button carries the
round and the step, so a button of an earlier question or round is refused instead of scoring the wrong item.
Typed text during a round is an ordinary question for search: the round waits.
"""

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

from bot.core import quiz, texts
from bot.core.actions import Action, act
from bot.core.context import Context
from bot.core.knowledge import Entry
from bot.core.messages import Button, Reply, Turn
from bot.core.quiz import VN
from bot.core.training_ports import Progress, QuizBook

NAME = "practice"
Clock = Callable[[], dt.datetime]


class PracticeFlow:
    name = NAME
    commands: Sequence[str] = ("/onluyen", "/tiendo")
    menu_buttons: Sequence[Button] = (Button(texts.BTN_PRACTICE, act("o:menu")),)
    answer_buttons: Sequence[Button] = ()

    def __init__(self, book: QuizBook, clock: Clock, rng: random.Random | None = None) -> None:
        self.book = book
        self.clock = clock
        self.rng = rng or random.Random()

    async def command(self, ctx: Context, command: str) -> Turn:
        """/onluyen: the practice menu; /tiendo: my progress."""
        return await self._progress(ctx) if command == "/tiendo" else self._menu(ctx)

    async def action(self, ctx: Context, action: Action) -> Turn:
        match action.code:
            case "o:menu":
                return self._menu(ctx)
            case "o:topics":
                return self._topics(ctx)
            case "o:mix":
                return await self._start(ctx, None)
            case "o:t":
                return await self._start(ctx, action.text(0))
            case "o:a":
                return await self._answer(ctx, action.number(0), action.number(1), action.number(2))
            case "o:n":
                return await self._next(ctx, action.number(0), action.number(1))
            case "o:p":
                return await self._progress(ctx)
        return Turn([Reply(texts.EXPIRED_BUTTON)])

    async def text(self, ctx: Context, text: str) -> Turn | None:
        return None  # a round keeps no form open: typed text is a question for search

    # -- menus -------------------------------------------------------------------------------------------------------

    def _menu(self, ctx: Context) -> Turn:
        if not quiz.quiz_items(ctx.kb):
            return Turn([Reply(texts.PRACTICE_EMPTY, (Button(texts.BTN_MENU, act("menu")),))])
        buttons = [Button(texts.BTN_PRACTICE_MIXED, act("o:mix")), Button(texts.BTN_PRACTICE_TOPICS, act("o:topics")),
                   Button(texts.BTN_PROGRESS, act("o:p")), Button(texts.BTN_DAILY, act("o:daily")),
                   Button(texts.BTN_MENU, act("menu"))]
        q = _round(ctx)
        target = q["step"] + int(q["answered"]) if q.get("items") else 0
        if q.get("items") and target < len(q["items"]):
            label = texts.BTN_PRACTICE_CONTINUE.format(step=target + 1, total=len(q["items"]))
            buttons.insert(0, Button(label, act("o:n", q["round"], target)))
        return Turn([Reply(texts.PRACTICE_INTRO, tuple(buttons))])

    def _topics(self, ctx: Context) -> Turn:
        topics = quiz.quiz_topics(ctx.kb)
        buttons = [Button(ctx.kb.topics[t].title, act("o:t", t)) for t in topics]
        return Turn([Reply(texts.PRACTICE_TOPICS, (*buttons, Button(texts.BTN_PRACTICE_MIXED, act("o:mix"))))])

    # -- a round -----------------------------------------------------------------------------------------------------

    async def _start(self, ctx: Context, topic: str | None) -> Turn:
        items = quiz.quiz_items(ctx.kb, topic)
        if topic is not None and topic not in ctx.kb.topics or not items:
            return Turn([Reply(texts.PRACTICE_TOPIC_EMPTY, (Button(texts.BTN_PRACTICE_TOPICS, act("o:topics")),))])
        reviews = await self.book.reviews(ctx.user_key)
        seen = await self.book.seen_items(ctx.user_key)
        chosen = quiz.pick_round(items, reviews, seen, self.clock(), self.rng)
        number = int(_round(ctx).get("round", 0)) + 1
        ctx.state["quiz"] = {"round": number, "items": chosen, "step": 0, "answered": False, "right": 0,
                             "missed": [], "topic": topic}
        return await self._show(ctx, ctx.state["quiz"])

    async def _show(self, ctx: Context, q: dict[str, Any]) -> Turn:
        """The question at the round's step; one unpublished since the round began is passed over."""
        entry = _published(ctx, q["items"][q["step"]])
        if entry is None:
            q = {**q, "answered": True}
            ctx.state["quiz"] = q
            if q["step"] + 1 < len(q["items"]):
                return Turn([Reply(texts.ENTRY_GONE, self._after_buttons(ctx, q, None))])
            return await self._finish(ctx, q, [Reply(texts.ENTRY_GONE)])
        topic = ctx.kb.topics.get(quiz.item_topic(ctx.kb, entry))
        header = texts.QUIZ_HEADER.format(step=q["step"] + 1, total=len(q["items"]),
                                          topic=topic.title if topic else texts.QUIZ_MIXED)
        actions = [act("o:a", q["round"], q["step"], i) for i in range(1, len(entry.data["choices"]) + 1)]
        return Turn([quiz.question_reply(entry, ctx.kb, header, actions, ctx.msg.has_buttons)])

    async def _next(self, ctx: Context, number: int, target: int) -> Turn:
        """"➡️ Câu tiếp" (or "▶ Làm tiếp"): the question at `target`, once the one before it is answered."""
        q = _round(ctx)
        if q.get("round") != number or not q.get("items") or target >= len(q["items"]):
            return _expired()
        if q["answered"] and target == q["step"] + 1:
            q = {**q, "step": target, "answered": False}
            ctx.state["quiz"] = q
        elif q["answered"] or target != q["step"]:
            return _expired()
        return await self._show(ctx, q)

    async def _answer(self, ctx: Context, number: int, step: int, choice: int) -> Turn:
        q = _round(ctx)
        if q.get("round") != number or not q.get("items") or q["step"] != step:
            return _expired()
        if q["answered"]:
            return Turn([Reply(texts.QUIZ_ALREADY, self._after_buttons(ctx, q, None))])
        entry = _published(ctx, q["items"][step])
        if entry is None or choice > len(entry.data["choices"]):
            return _expired()
        correct = quiz.is_right(entry, choice)
        topic = quiz.item_topic(ctx.kb, entry)
        now = self.clock()
        await self.book.record_answer(user_key=ctx.user_key, channel=ctx.msg.channel, item_id=entry.id, topic=topic,
                                      correct=correct, mode="practice", now=now)
        q = {**q, "answered": True, "right": q["right"] + int(correct),
             "missed": q["missed"] + ([] if correct or topic in q["missed"] else [topic])}
        ctx.state["quiz"] = q
        verdict = Reply(quiz.verdict_text(entry, ctx.kb, choice), self._after_buttons(ctx, q, entry))
        if step + 1 < len(q["items"]):
            return Turn([verdict])
        return await self._finish(ctx, q, [verdict])

    async def _finish(self, ctx: Context, q: dict[str, Any], replies: list[Reply]) -> Turn:
        """The round is over: record it, keep only its number (older buttons stay refused), show the score."""
        await self.book.record_round(user_key=ctx.user_key, channel=ctx.msg.channel, topic=q.get("topic"),
                                     questions=len(q["items"]), right=q["right"], now=self.clock())
        ctx.state["quiz"] = {"round": q["round"]}
        return Turn([*replies, self._summary(ctx, q)])

    def _after_buttons(self, ctx: Context, q: dict[str, Any], entry: Entry | None) -> tuple[Button, ...]:
        buttons = []
        if q["step"] + 1 < len(q["items"]):
            buttons.append(Button(texts.BTN_QUIZ_NEXT.format(step=q["step"] + 2, total=len(q["items"])),
                                  act("o:n", q["round"], q["step"] + 1)))
        related = quiz.related_entry(entry, ctx.kb) if entry is not None else None
        if related is not None:
            buttons.append(Button(texts.BTN_QUIZ_RELATED, act("e", related.id)))
        return tuple(buttons)

    def _summary(self, ctx: Context, q: dict[str, Any]) -> Reply:
        lines = [texts.QUIZ_ROUND_DONE.format(right=q["right"], total=len(q["items"]))]
        if q["missed"]:
            names = [ctx.kb.topics[t].title for t in q["missed"] if t in ctx.kb.topics]
            lines += [texts.QUIZ_ROUND_REVIEW.format(topics="; ".join(names)), texts.QUIZ_ROUND_COMEBACK]
        else:
            lines.append(texts.QUIZ_ROUND_PERFECT)
        again = act("o:t", q["topic"]) if q.get("topic") else act("o:mix")
        return Reply("\n".join(lines), (Button(texts.BTN_QUIZ_AGAIN, again), Button(texts.BTN_PROGRESS, act("o:p")),
                                        Button(texts.BTN_MENU, act("menu"))))

    # -- progress ----------------------------------------------------------------------------------------------------

    async def _progress(self, ctx: Context) -> Turn:
        now = self.clock()
        progress = await self.book.progress(ctx.user_key, now)
        buttons = (Button(texts.BTN_PRACTICE, act("o:menu")), Button(texts.BTN_MENU, act("menu")))
        if not progress.answered:
            return Turn([Reply(texts.PROGRESS_NONE, buttons)])
        return Turn([Reply(progress_text(progress, {t.id: t.title for t in ctx.kb.topics.values()}, now), buttons)])


def progress_text(p: Progress, topic_titles: dict[str, str], now: dt.datetime) -> str:
    share = round(100 * p.right / p.answered) if p.answered else 0
    lines = [texts.PROGRESS_TITLE, texts.PROGRESS_TOTALS.format(rounds=p.rounds, answered=p.answered, right=p.right,
                                                                share=share),
             texts.PROGRESS_STREAK.format(days=streak(p.days, now.astimezone(VN).date())), texts.PROGRESS_TOPICS]
    for topic, (right, answered) in sorted(p.per_topic.items(), key=lambda kv: -kv[1][1]):
        lines.append(texts.PROGRESS_TOPIC_LINE.format(topic=topic_titles.get(topic, topic), right=right,
                                                      answered=answered))
    if p.reviews_waiting:
        lines.append(texts.PROGRESS_REVIEWS.format(waiting=p.reviews_waiting, due=p.reviews_due))
    return "\n".join(lines)


def streak(days: Sequence[dt.date], today: dt.date) -> int:
    """Consecutive days with an answer, ending today (or yesterday, when today has none yet)."""
    have = set(days)
    day = today if today in have else today - dt.timedelta(days=1)
    count = 0
    while day in have:
        count += 1
        day -= dt.timedelta(days=1)
    return count


def _round(ctx: Context) -> dict[str, Any]:
    q = ctx.state.get("quiz")
    return q if isinstance(q, dict) else {}


def _published(ctx: Context, item_id: str) -> Entry | None:
    entry = ctx.kb.entries.get(item_id)
    return entry if entry is not None and entry.status == "published" and entry.kind == quiz.KIND else None


def _expired() -> Turn:
    return Turn([Reply(texts.EXPIRED_BUTTON, (Button(texts.BTN_PRACTICE, act("o:menu")),))])
