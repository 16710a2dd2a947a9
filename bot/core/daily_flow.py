"""The daily question, opt-in: /moingay chooses the hour (Vietnam time), /dunglai stops it, and the answer to a
question sent that morning or evening ("o:d:<item>:<choice>") is scored once.

Sending is not the dialogue's job: bot.domain.daily claims each day's send in the database and delivers it through
the channel registry with `daily_question` below, so every channel shows it the way it shows a practice question.
"""

import datetime as dt
import re
from collections.abc import Callable, Sequence

from bot.core import quiz, texts
from bot.core.actions import Action, act
from bot.core.context import Context
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.messages import Button, ChannelCaps, Reply, Turn
from bot.core.normalize import fold
from bot.core.state import close_form
from bot.core.training_ports import DailyBook, QuizBook

NAME = "daily"
SUGGESTED_HOURS = (6, 7, 12, 19, 20)
QUESTION_WORDS = 4  # typed instead of an hour, a longer text is a question for search
_HOUR_RE = re.compile(r"^(\d{1,2})\s*(?:h|gio|g|:00)?$")
Clock = Callable[[], dt.datetime]


def daily_question(entry: Entry, kb: KnowledgeBase, caps: ChannelCaps) -> Reply:
    """The day's question as the channel shows it; its answer buttons name the item, so no state is needed."""
    topic = kb.topics.get(quiz.item_topic(kb, entry))
    header = texts.DAILY_HEADER.format(topic=topic.title if topic else texts.QUIZ_MIXED)
    actions = [act("o:d", entry.id, i) for i in range(1, len(entry.data["choices"]) + 1)]
    reply = quiz.question_reply(entry, kb, header, actions, caps.buttons)
    return Reply(f"{reply.text}\n\n{texts.DAILY_FOOTER}", reply.buttons)


def read_hour(text: str) -> int | None:
    """"7", "7h", "7 giờ", "20:00" -> the hour; None for anything else."""
    found = _HOUR_RE.match(" ".join(fold(text).split()))
    hour = int(found.group(1)) if found else -1
    return hour if 0 <= hour <= 23 else None


class DailyFlow:
    name = NAME
    commands: Sequence[str] = ("/moingay", "/dunglai", "/huy")
    menu_buttons: Sequence[Button] = ()
    answer_buttons: Sequence[Button] = ()

    def __init__(self, daily: DailyBook, book: QuizBook, clock: Clock) -> None:
        self.daily = daily
        self.book = book
        self.clock = clock

    async def command(self, ctx: Context, command: str) -> Turn:
        """/moingay: the subscription or the hour to choose; /dunglai: stop; /huy: drop the open hour question."""
        if command == "/dunglai":
            return await self._stop(ctx)
        if command == "/huy":
            _close(ctx)
            return Turn([Reply(texts.DAILY_CANCELLED)])
        return await self._status(ctx)

    async def action(self, ctx: Context, action: Action) -> Turn:
        match action.code:
            case "o:daily":
                return await self._status(ctx)
            case "o:hours":
                return self._ask_hour(ctx)
            case "o:h":
                return await self._subscribe(ctx, action.number(0))
            case "o:stop":
                return await self._stop(ctx)
            case "o:d":
                return await self._answer(ctx, action.text(0), action.number(1))
        return Turn([Reply(texts.EXPIRED_BUTTON)])

    async def text(self, ctx: Context, text: str) -> Turn | None:
        """While the hour is asked, a typed hour; a short wrong answer asks again, a sentence is a question (the
        hour question is dropped and search answers it)."""
        hour = read_hour(text)
        if hour is not None:
            return await self._subscribe(ctx, hour)
        if len(text.split()) > QUESTION_WORDS:
            _close(ctx)
            return None
        return Turn([Reply(texts.DAILY_HOUR_INVALID)])

    async def _status(self, ctx: Context) -> Turn:
        hour = await self.daily.subscription_hour(ctx.user_key)
        if hour is None:
            return self._ask_hour(ctx)
        buttons = (Button(texts.BTN_DAILY_CHANGE, act("o:hours")), Button(texts.BTN_DAILY_STOP, act("o:stop")))
        return Turn([Reply(texts.DAILY_STATUS.format(hour=hour), buttons)])

    def _ask_hour(self, ctx: Context) -> Turn:
        ctx.state["flow"] = NAME
        ctx.state["form"] = {"step": "hour"}
        if not ctx.msg.has_buttons:  # a typed "7" must stay an hour, not pick the seventh numbered choice
            return Turn([Reply(f"{texts.DAILY_ASK_HOUR}\n{texts.DAILY_HOUR_HINT}")])
        buttons = tuple(Button(texts.BTN_HOUR.format(hour=h), act("o:h", h)) for h in SUGGESTED_HOURS)
        return Turn([Reply(f"{texts.DAILY_ASK_HOUR}\n{texts.DAILY_HOUR_HINT}", buttons)])

    async def _subscribe(self, ctx: Context, hour: int) -> Turn:
        _close(ctx)
        await self.daily.subscribe(user_key=ctx.user_key, channel=ctx.msg.channel, raw_user_id=ctx.msg.user_id,
                                   hour=hour)
        lines = [texts.DAILY_SET.format(hour=hour)]
        if ctx.msg.caps.push_window_h is not None:
            lines.append(texts.DAILY_WINDOW_NOTE.format(hours=ctx.msg.caps.push_window_h))
        return Turn([Reply("\n".join(lines))])

    async def _stop(self, ctx: Context) -> Turn:
        _close(ctx)
        stopped = await self.daily.unsubscribe(ctx.user_key)
        return Turn([Reply(texts.DAILY_STOPPED if stopped else texts.DAILY_NOT_ON)])

    async def _answer(self, ctx: Context, item_id: str, choice: int) -> Turn:
        """The answer to a daily question: scored the first time, explained every time."""
        entry = ctx.kb.entries.get(item_id)
        if entry is None or entry.status != "published" or entry.kind != quiz.KIND or \
                choice > len(entry.data["choices"]):
            return Turn([Reply(texts.ENTRY_GONE)])
        correct = quiz.is_right(entry, choice)
        now = self.clock()
        first = await self.daily.mark_daily_answered(user_key=ctx.user_key, item_id=item_id, now=now)
        if first:
            await self.book.record_answer(user_key=ctx.user_key, channel=ctx.msg.channel, item_id=item_id,
                                          topic=quiz.item_topic(ctx.kb, entry), correct=correct, mode="daily", now=now)
        text = quiz.verdict_text(entry, ctx.kb, choice) + ("" if first else f"\n{texts.DAILY_REPEAT}")
        buttons = [Button(texts.BTN_DAILY_MORE, act("o:mix"))]
        related = quiz.related_entry(entry, ctx.kb)
        if related is not None:
            buttons.insert(0, Button(texts.BTN_QUIZ_RELATED, act("e", related.id)))
        return Turn([Reply(text, tuple(buttons))])


def _close(ctx: Context) -> None:
    close_form(ctx.state, NAME)

