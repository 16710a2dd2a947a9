"""The mediation logbook in the chat (issue 18): /ghiso records a case in a short guided form, /soghi lists the
user's own records to view, edit or delete, and the answer to a reminder ("Các bên đã thực hiện thỏa thuận chưa?")
is recorded. Reminders are sent by bot.domain.logbook_reminders.

The team is the place of /coso (bot.core.place), asked once: without one, /ghiso asks it first and then goes on.
The summary and difficulties are masked (phone and ID numbers, names: bot.core.name_mask) before they are stored,
and the masked text is what the user sees back. A user reaches only their own records: every read and write is
by record id and user key together.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from bot.core import logbook_form as lf
from bot.core import texts
from bot.core.actions import Action, act
from bot.core.context import Context
from bot.core.logbook_lists import RESULT_SUCCESS, LogbookLists
from bot.core.logbook_ports import CaseRecord, LogbookBook
from bot.core.logbook_prefill import valid_prefill
from bot.core.messages import Button, Reply, Turn
from bot.core.normalize import fold
from bot.core.place import PlaceFlow
from bot.core.privacy import mask_personal
from bot.core.state import close_form, open_form
from bot.core.training_ports import PlaceBook
from bot.core.vntime import local_today

NAME = "logbook"
PAGE_SIZE = 5
Clock = Callable[[], dt.datetime]


class LogbookFlow:
    name = NAME
    commands: Sequence[str] = ("/ghiso", "/soghi", "/huy")
    menu_buttons: Sequence[Button] = (Button(texts.BTN_LOGBOOK, act("lb:new")),)
    answer_buttons: Sequence[Button] = ()

    def __init__(self, book: LogbookBook, places: PlaceBook, place_flow: PlaceFlow, clock: Clock,
                 reminder_hour: int = 8) -> None:
        self.book = book
        self.places = places
        self.place_flow = place_flow
        self.clock = clock
        self.reminder_hour = reminder_hour
        place_flow.then[NAME] = self._resume  # after /coso asked for the logbook, the form goes on

    async def command(self, ctx: Context, command: str) -> Turn:
        if command == "/huy":
            return self._cancel(ctx)
        if command == "/soghi":
            return await self._list(ctx, 1)
        stash = ctx.state.pop("logbook", None) or {}  # what /vanban just offered, if anything
        return await self._start(ctx, dict(stash.get("pre") or {}), prefilled=str(stash.get("what") or ""))

    async def action(self, ctx: Context, action: Action) -> Turn:  # noqa: C901, PLR0911, PLR0912 - one table
        match action.code:
            case "lb:new":
                ctx.state.pop("logbook", None)
                return await self._start(ctx, {})
            case "lb:pre":
                stash = ctx.state.pop("logbook", None) or {}
                return await self._start(ctx, dict(stash.get("pre") or {}), prefilled=str(stash.get("what") or ""))
            case "lb:cancel":
                return self._cancel(ctx)
            case "lb:list":
                return await self._list(ctx, action.number(0))
            case "lb:v":
                return await self._show(ctx, action.number(0))
            case "lb:edit":
                return await self._edit_menu(ctx, action.number(0))
            case "lb:e":
                return await self._edit(ctx, action.number(0), action.text(1))
            case "lb:del":
                return await self._ask_delete(ctx, action.number(0))
            case "lb:dely":
                return await self._delete(ctx, action.number(0))
            case "lb:rem":
                return await self._remind(ctx, action.number(0), action.text(1) == "y")
            case "lb:p":
                return await self._performance(ctx, action.number(0), action.text(1))
        form = _form(ctx)
        step = str(form.get("step", ""))
        lists = _lists(ctx)
        if not form or lists is None:
            return Turn([Reply(texts.EXPIRED_BUTTON, (Button(texts.BTN_LOGBOOK, act("lb:new")),))])
        today = local_today(self.clock())
        match action.code, step:
            case "lb:d", "date":
                return await self._answer(ctx, form, today - dt.timedelta(days=action.number(0)))
            case ("lb:k", "kind") | ("lb:s", "start"):
                if action.text(0) in {c.id for c in lists.offered(lf.CHOICE_STEPS[step])}:
                    return await self._answer(ctx, form, action.text(0))
            case ("lb:r", "result") | ("lb:rw", "result"):
                chosen = (RESULT_SUCCESS, action.text(0) == "y") if action.code == "lb:rw" else (action.text(0), None)
                if chosen in {(i, w) for _, i, w in lf.result_choices(lists)}:
                    return await self._answer(ctx, form, chosen[0], written=chosen[1])
            case "lb:w", "written":
                return await self._answer(ctx, form, action.text(0) == "y")
            case "lb:dl", "deadline":
                days = action.number(0)
                case_day = self._case_day(ctx, form)
                return await self._answer(ctx, form, (case_day + dt.timedelta(days=days)).isoformat() if days else None)
            case "lb:skip", ("summary" | "difficulty"):
                return await self._answer(ctx, form, None)
        return self._ask(ctx, form)  # a button of an earlier step: the current question again

    async def text(self, ctx: Context, text: str) -> Turn | None:
        """Typed text answers the open step; what cannot be read is said, and the step is asked again."""
        form = _form(ctx)
        lists = _lists(ctx)
        if not form or lists is None:
            _close(ctx)
            return None
        step = str(form["step"])
        folded = " ".join(fold(text).split())
        today = local_today(self.clock())
        if step in ("date", "deadline"):
            if step == "deadline" and folded in lf.SKIP_WORDS:
                return await self._answer(ctx, form, None)
            day = lf.read_date(text, today)
            if day is None:
                return self._ask(ctx, form, texts.LB_BAD_DATE.format(typed=text.strip()[:40]))
            if step == "date":
                if day > today:
                    return self._ask(ctx, form, texts.LB_FUTURE_DATE.format(day=lf.show_date(day)))
                if (today - day).days > lf.MAX_AGE_DAYS:
                    return self._ask(ctx, form, texts.LB_OLD_DATE.format(day=lf.show_date(day)))
                return await self._answer(ctx, form, day)
            case_day = self._case_day(ctx, form)
            if day < case_day:
                return self._ask(ctx, form, texts.LB_DEADLINE_BEFORE.format(day=lf.show_date(day),
                                                                             case_day=lf.show_date(case_day)))
            return await self._answer(ctx, form, day.isoformat())
        if step in ("summary", "difficulty"):
            if folded in lf.SKIP_WORDS:
                return await self._answer(ctx, form, None)
            if len(text) > lf.MAX_TEXT:
                return self._ask(ctx, form, texts.LB_TOO_LONG.format(n=len(text), limit=lf.MAX_TEXT))
            masked = " ".join(mask_personal(text).split())
            # What was typed may hold names: transcripts keep a placeholder for it (the masked text is in the reply).
            return replace(await self._answer(ctx, form, masked or None), private=True)
        if step == "result":
            result = lf.match_result(text, lists)
            if result is not None:
                return await self._answer(ctx, form, result[0], written=result[1])
        elif step in lf.CHOICE_STEPS:
            chosen = lf.match_choice(text, lists, step)
            if chosen is not None:
                return await self._answer(ctx, form, chosen)
        elif step == "written" and folded in ("co", "khong", "co lap", "khong lap"):
            return await self._answer(ctx, form, folded.startswith("co"))
        return self._ask(ctx, form, texts.LB_PICK_BUTTON)

    # -- recording -------------------------------------------------------------------------------------------------

    async def _start(self, ctx: Context, pre: dict[str, Any], prefilled: str = "", first: int = 1) -> Turn:
        """The form's first open step (numbered `first`: 2 right after the team was asked), or the team first."""
        if _lists(ctx) is None:
            return Turn([Reply(texts.LB_UNAVAILABLE)])
        place = await self.places.place_of(ctx.user_key)
        if place is None or place.commune_id not in ctx.kb.communes:
            _close(ctx)
            ctx.state["logbook"] = {"pre": pre, "what": prefilled}  # kept while /coso asks the team
            return await self.place_flow.ask_for(ctx, texts.LB_NEED_PLACE, then=NAME)
        lists = _lists(ctx)
        assert lists is not None
        values = {**valid_prefill(pre, lists, local_today(self.clock())), "commune": place.commune_id,
                  "village": place.village}
        step = lf.next_step("", values)
        ctx.state["flow"] = NAME
        ctx.state["form"] = {"step": step or "summary", "v": values, "n": first}
        lead = texts.LB_HEADER.format(place=lf.place_name(ctx.kb.communes, place.commune_id, place.village))
        if prefilled:
            lead += "\n" + texts.LB_PREFILLED.format(what=prefilled)
        return self._ask(ctx, ctx.state["form"], lead)

    async def _resume(self, ctx: Context) -> Turn:
        """Called by /coso once the team is saved, when the logbook asked for it."""
        stash = ctx.state.pop("logbook", None) or {}
        return await self._start(ctx, dict(stash.get("pre") or {}), prefilled=str(stash.get("what") or ""), first=2)

    def _ask(self, ctx: Context, form: dict[str, Any], lead: str = "") -> Turn:
        lists = _lists(ctx)
        assert lists is not None
        step = str(form["step"])
        question = lf.step_question(step)
        text = question if form.get("edit") else texts.LB_STEP.format(n=form.get("n", 1), question=question)
        values = form.get("v", {})
        given = values.get(step) if form.get("edit") else None
        if given is not None:
            shown = lf.given_value(step, given, lists)
            if step == "result" and given == RESULT_SUCCESS:  # the văn bản is part of the answer
                shown = (texts.LB_RESULT_WRITTEN if values.get("written") else texts.LB_RESULT_UNWRITTEN).format(
                    name=shown)
            text += "\n" + texts.LB_GIVEN.format(value=shown)
        buttons = lf.step_buttons(step, lists, ctx.msg.has_buttons)
        return Turn([Reply(f"{lead}\n\n{text}" if lead else text, tuple(buttons))])

    async def _answer(self, ctx: Context, form: dict[str, Any], value: Any, written: bool | None = None) -> Turn:
        """Record the open step's answer (`written`: the văn bản yes/no that comes with a success result)."""
        step = str(form["step"])
        stored = value.isoformat() if isinstance(value, dt.date) else value
        values = {**form.get("v", {}), step: stored}
        if step == "result" and stored == RESULT_SUCCESS:
            values["written"] = bool(written)
        elif step == "result":
            values.pop("written", None)
            values.pop("deadline", None)
        if form.get("edit"):
            return await self._save_edit(ctx, int(form["edit"]), step, values)
        following = lf.next_step(step, values)
        if following is None:
            return await self._save_new(ctx, values)
        ctx.state["form"] = {**form, "step": following, "v": values, "n": int(form.get("n", 1)) + 1}
        return self._ask(ctx, ctx.state["form"])

    async def _save_new(self, ctx: Context, values: dict[str, Any]) -> Turn:
        _close(ctx)
        success = values.get("result") == RESULT_SUCCESS
        record = await self.book.add_record(
            user_key=ctx.user_key, commune_id=str(values["commune"]), village=values.get("village"),
            case_date=dt.date.fromisoformat(str(values["date"])), kind_id=str(values["kind"]),
            start_id=str(values["start"]), result_id=str(values["result"]),
            agreement_written=bool(values.get("written")) and success, summary=values.get("summary"),
            deadline=dt.date.fromisoformat(str(values["deadline"])) if success and values.get("deadline") else None,
            now=self.clock())
        return self._card(ctx, record, texts.LB_SAVED.format(id=record.id))

    # -- the user's records ----------------------------------------------------------------------------------------

    def _card(self, ctx: Context, record: CaseRecord, lead: str = "") -> Turn:
        lists = _lists(ctx)
        assert lists is not None
        text = lf.card(record, lists, ctx.kb.communes)
        return Turn([Reply(f"{lead}\n{text}" if lead else text, tuple(lf.card_buttons(record)))])

    async def _list(self, ctx: Context, page: int) -> Turn:
        _close(ctx)
        lists = _lists(ctx)
        if lists is None:
            return Turn([Reply(texts.LB_UNAVAILABLE)])
        records, total = await self.book.list_records(ctx.user_key, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        if total == 0:
            return Turn([Reply(texts.LB_LIST_EMPTY, (Button(texts.BTN_LB_NEW, act("lb:new")),))])
        pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
        buttons = [Button(texts.LB_LIST_ITEM.format(date=lf.show_date(r.case_date), kind=lists.name("kinds", r.kind_id),
                                                    result=lists.name("results", r.result_id)), act("lb:v", r.id))
                   for r in records]
        if page < pages:
            buttons.append(Button(texts.BTN_LB_OLDER, act("lb:list", page + 1)))
        if page > 1:
            buttons.append(Button(texts.BTN_LB_NEWER, act("lb:list", page - 1)))
        buttons.append(Button(texts.BTN_LB_NEW, act("lb:new")))
        title = texts.LB_LIST_TITLE.format(total=total, page=min(page, pages), pages=pages)
        return Turn([Reply(title, tuple(buttons))])

    async def _show(self, ctx: Context, record_id: int) -> Turn:
        record = await self.book.get_record(record_id, ctx.user_key)
        if record is None or _lists(ctx) is None:
            return Turn([Reply(texts.LB_GONE, (Button(texts.BTN_LB_MINE, act("lb:list", 1)),))])
        return self._card(ctx, record)

    async def _edit_menu(self, ctx: Context, record_id: int) -> Turn:
        record = await self.book.get_record(record_id, ctx.user_key)
        if record is None:
            return Turn([Reply(texts.LB_GONE, (Button(texts.BTN_LB_MINE, act("lb:list", 1)),))])
        return Turn([Reply(texts.LB_EDIT_WHAT.format(id=record.id), tuple(lf.edit_buttons(record)))])

    async def _edit(self, ctx: Context, record_id: int, step: str) -> Turn:
        record = await self.book.get_record(record_id, ctx.user_key)
        if record is None or _lists(ctx) is None or step not in lf.EDIT_STEPS:
            return Turn([Reply(texts.LB_GONE, (Button(texts.BTN_LB_MINE, act("lb:list", 1)),))])
        if record.summary_dropped and step in ("summary", "difficulty"):  # past retention: the texts stay gone
            return self._card(ctx, record)
        values = _values(record)
        ctx.state["flow"] = NAME
        ctx.state["form"] = {"step": step, "v": values, "edit": record.id}
        return self._ask(ctx, ctx.state["form"])

    async def _save_edit(self, ctx: Context, record_id: int, step: str, values: dict[str, Any]) -> Turn:
        _close(ctx)
        fields: dict[str, Any] = {}
        match step:
            case "date":
                fields["case_date"] = dt.date.fromisoformat(str(values["date"]))
            case "kind" | "start" | "result":
                fields[f"{step}_id"] = values[step]
                if step == "result" and values[step] == RESULT_SUCCESS:
                    fields["agreement_written"] = bool(values.get("written"))
                elif step == "result":
                    fields |= {"deadline": None, "reminder_wanted": False, "agreement_written": False}
            case "written":
                fields["agreement_written"] = bool(values["written"])
            case "deadline":
                deadline = values.get("deadline")
                fields["deadline"] = dt.date.fromisoformat(str(deadline)) if deadline else None
                if not deadline:
                    fields["reminder_wanted"] = False
            case _:  # summary, difficulty: already masked
                fields[step] = values.get(step)
        if not await self.book.update_record(record_id, ctx.user_key, self.clock(), **fields):
            return Turn([Reply(texts.LB_GONE)])
        record = await self.book.get_record(record_id, ctx.user_key)
        if record is None:
            return Turn([Reply(texts.LB_GONE)])
        return self._card(ctx, record, texts.LB_UPDATED.format(id=record_id))

    async def _ask_delete(self, ctx: Context, record_id: int) -> Turn:
        record = await self.book.get_record(record_id, ctx.user_key)
        if record is None:
            return Turn([Reply(texts.LB_GONE, (Button(texts.BTN_LB_MINE, act("lb:list", 1)),))])
        buttons = (Button(texts.BTN_LB_DELETE_YES, act("lb:dely", record.id)),
                   Button(texts.BTN_NO, act("lb:v", record.id)))
        return Turn([Reply(texts.LB_DELETE_CONFIRM.format(id=record.id), buttons)])

    async def _delete(self, ctx: Context, record_id: int) -> Turn:
        gone = await self.book.delete_record(record_id, ctx.user_key)
        text = texts.LB_DELETED.format(id=record_id) if gone else texts.LB_GONE
        return Turn([Reply(text, (Button(texts.BTN_LB_MINE, act("lb:list", 1)), Button(texts.BTN_MENU, act("menu"))))])

    # -- following the agreement -------------------------------------------------------------------------------------

    async def _remind(self, ctx: Context, record_id: int, wanted: bool) -> Turn:
        record = await self.book.get_record(record_id, ctx.user_key)
        if record is None:
            return Turn([Reply(texts.LB_GONE)])
        if wanted and (record.result_id != RESULT_SUCCESS or record.deadline is None):
            return Turn([Reply(texts.LB_REMIND_NEEDS, (Button(texts.BTN_LB_EDIT, act("lb:edit", record.id)),))])
        await self.book.update_record(record.id, ctx.user_key, self.clock(), reminder_wanted=wanted,
                                      channel=ctx.msg.channel if wanted else None,
                                      raw_user_id=ctx.msg.user_id if wanted else None)
        if not wanted:
            return Turn([Reply(texts.LB_REMIND_OFF.format(id=record.id))])
        assert record.deadline is not None
        text = texts.LB_REMIND_ON.format(before=lf.show_date(record.deadline - dt.timedelta(days=3)),
                                         day=lf.show_date(record.deadline), hour=self.reminder_hour)
        if ctx.msg.caps.push_window_h is not None:
            text += "\n" + texts.LB_REMIND_WINDOW.format(hours=ctx.msg.caps.push_window_h)
        return Turn([Reply(text, (Button(texts.BTN_LB_MINE, act("lb:list", 1)),))])

    async def _performance(self, ctx: Context, record_id: int, state: str) -> Turn:
        if not await self.book.record_performance(record_id, ctx.user_key, state, self.clock()):
            return Turn([Reply(texts.LB_PERF_GONE)])
        if state == "done":
            return Turn([Reply(texts.LB_PERF_DONE.format(id=record_id))])
        if state == "ongoing":
            return Turn([Reply(texts.LB_PERF_ONGOING.format(id=record_id))])
        return Turn([Reply(texts.LB_PERF_NOT.format(id=record_id), (Button(texts.BTN_ESCALATE, act("chuyen")),))])

    # -- helpers ---------------------------------------------------------------------------------------------------

    def _case_day(self, ctx: Context, form: dict[str, Any]) -> dt.date:
        day = form.get("v", {}).get("date")
        return dt.date.fromisoformat(str(day)) if day else local_today(self.clock())

    def _cancel(self, ctx: Context) -> Turn:
        was_open = ctx.state.get("flow") == NAME
        _close(ctx)
        ctx.state.pop("logbook", None)
        buttons = (Button(texts.BTN_LB_MINE, act("lb:list", 1)), Button(texts.BTN_MENU, act("menu")))
        return Turn([Reply(texts.LB_CANCELLED if was_open else texts.LB_NOTHING_OPEN, buttons)])


def _values(record: CaseRecord) -> dict[str, Any]:
    return {"date": record.case_date.isoformat(), "kind": record.kind_id, "start": record.start_id,
            "result": record.result_id, "written": record.agreement_written,
            "deadline": record.deadline.isoformat() if record.deadline else None, "summary": record.summary,
            "difficulty": record.difficulty, "commune": record.commune_id, "village": record.village}


def _lists(ctx: Context) -> LogbookLists | None:
    lists = ctx.kb.logbook
    return lists if lists is not None and lists.kinds and lists.starts and lists.results else None


def _form(ctx: Context) -> dict[str, Any]:
    return open_form(ctx.state, NAME)


def _close(ctx: Context) -> None:
    close_form(ctx.state, NAME)
