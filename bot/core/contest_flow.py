"""Contests (/thi CODE): a participant joins under a display name of their choosing, then answers the contest's fixed
items one at a time, timed by the server from the moment each is shown. Items stay hidden before the start; each
item is answered once (the database refuses a second answer); an answer after the time limit counts as wrong.
Editors create contests and read the ranking in the console (bot.domain.contests).
"""

import datetime as dt
from collections.abc import Callable, Sequence

from bot.core import quiz, texts
from bot.core.actions import Action, act
from bot.core.context import Context
from bot.core.messages import Button, Reply, Turn
from bot.core.privacy import mask_numbers
from bot.core.quiz import VN
from bot.core.state import close_form
from bot.core.training_ports import ContestBook, ContestInfo

NAME = "contest"
NAME_MIN, NAME_MAX = 2, 40
Clock = Callable[[], dt.datetime]


def local(moment: dt.datetime) -> str:
    return moment.astimezone(VN).strftime("%H:%M ngày %d/%m/%Y")


class ContestFlow:
    name = NAME
    commands: Sequence[str] = ("/thi", "/huy")
    menu_buttons: Sequence[Button] = ()
    answer_buttons: Sequence[Button] = ()

    def __init__(self, book: ContestBook, clock: Clock) -> None:
        self.book = book
        self.clock = clock

    async def command(self, ctx: Context, command: str) -> Turn:
        """/thi CODE: join (asking the display name) or go on where the participant left off; /huy: stop joining."""
        if command == "/huy":
            _close(ctx)
            return Turn([Reply(texts.CONTEST_CANCELLED)])
        parts = ctx.msg.text.split()
        if len(parts) < 2:
            return Turn([Reply(texts.CONTEST_ASK_CODE)])
        code = parts[1].upper()[:16]
        contest = await self.book.contest_by_code(code)
        if contest is None:
            return Turn([Reply(texts.CONTEST_UNKNOWN.format(code=code))])
        if self.clock() >= contest.ends_at:
            return Turn([Reply(texts.CONTEST_ENDED.format(title=contest.title))])
        entry = await self.book.entry_of(contest.id, ctx.user_key)
        if entry is None:
            ctx.state["flow"] = NAME
            ctx.state["form"] = {"contest": contest.code}
            return Turn([Reply(texts.CONTEST_ASK_NAME.format(title=contest.title))])
        return self._welcome(contest)

    async def text(self, ctx: Context, text: str) -> Turn | None:
        """The display name, while it is asked."""
        form = ctx.state.get("form") or {}
        contest = await self.book.contest_by_code(str(form.get("contest", "")))
        _close(ctx)
        if contest is None:
            return None
        name = " ".join(mask_numbers(text).split())
        if len(name) > 2 * NAME_MAX:  # a question typed instead of a name: search answers it
            return None
        if not NAME_MIN <= len(name) <= NAME_MAX:
            ctx.state["flow"], ctx.state["form"] = NAME, {"contest": contest.code}
            return Turn([Reply(texts.CONTEST_NAME_INVALID)])
        await self.book.join(contest_id=contest.id, user_key=ctx.user_key, channel=ctx.msg.channel, name=name,
                             now=self.clock())
        welcome = self._welcome(contest)
        return Turn([Reply(texts.CONTEST_JOINED.format(name=name)), *welcome.replies])

    async def action(self, ctx: Context, action: Action) -> Turn:
        """▶ Vào thi (the next question), or an answer ("thi:a:<contest>:<position>:<choice>")."""
        contest = await self.book.contest_by_id(action.number(0))
        if contest is None:
            return Turn([Reply(texts.EXPIRED_BUTTON)])
        entry = await self.book.entry_of(contest.id, ctx.user_key)
        now = self.clock()
        if entry is None:
            return Turn([Reply(texts.CONTEST_ASK_CODE)])
        if now < contest.starts_at:
            return self._welcome(contest)
        if now >= contest.ends_at:
            return Turn([Reply(texts.CONTEST_ENDED.format(title=contest.title))])
        if action.code == "thi:go":
            return await self._next(ctx, contest, entry[0], [])
        return await self._answer(ctx, contest, entry[0], action.number(1), action.number(2))

    def _welcome(self, contest: ContestInfo) -> Turn:
        go = (Button(texts.BTN_CONTEST_GO, act("thi:go", contest.id)),)
        if self.clock() < contest.starts_at:
            return Turn([Reply(texts.CONTEST_NOT_STARTED.format(start=local(contest.starts_at), code=contest.code), go)])
        return Turn([Reply(texts.CONTEST_RULES.format(title=contest.title, count=len(contest.items),
                                                      seconds=contest.seconds, end=local(contest.ends_at)), go)])

    async def _next(self, ctx: Context, contest: ContestInfo, entry_id: int, before: list[Reply]) -> Turn:
        shown = await self.book.next_question(entry_id=entry_id, contest=contest, now=self.clock())
        if shown is None:
            s = await self.book.standing(contest_id=contest.id, entry_id=entry_id)
            return Turn([*before, Reply(texts.CONTEST_DONE.format(right=s.right, total=len(contest.items),
                                                                  seconds=round(s.seconds), rank=s.rank,
                                                                  participants=s.participants))])
        entry = ctx.kb.entries.get(shown.item_id)
        if entry is None or entry.kind != quiz.KIND:  # removed from the knowledge since the contest was made
            await self.book.answer(entry_id=entry_id, item_id=shown.item_id, choice=0, correct=False,
                                   now=self.clock(), limit_s=contest.seconds)
            return await self._next(ctx, contest, entry_id, before)
        header = texts.CONTEST_HEADER.format(step=shown.position + 1, total=len(contest.items), seconds=contest.seconds)
        actions = [act("thi:a", contest.id, shown.position, i) for i in range(1, len(entry.data["choices"]) + 1)]
        return Turn([*before, quiz.question_reply(entry, ctx.kb, header, actions, ctx.msg.has_buttons)])

    async def _answer(self, ctx: Context, contest: ContestInfo, entry_id: int, position: int, choice: int) -> Turn:
        if position >= len(contest.items):
            return Turn([Reply(texts.EXPIRED_BUTTON)])
        item_id = contest.items[position]
        entry = ctx.kb.entries.get(item_id)
        correct = entry is not None and quiz.is_right(entry, choice)
        seconds = await self.book.answer(entry_id=entry_id, item_id=item_id, choice=choice, correct=correct,
                                         now=self.clock(), limit_s=contest.seconds)
        if seconds is None:
            return await self._next(ctx, contest, entry_id, [Reply(texts.CONTEST_ALREADY)])
        note = texts.CONTEST_LATE.format(limit=contest.seconds) if seconds > contest.seconds else \
            texts.CONTEST_RECORDED.format(seconds=round(seconds))
        return await self._next(ctx, contest, entry_id, [Reply(note)])


def _close(ctx: Context) -> None:
    close_form(ctx.state, NAME)
