"""Escalation (task 9.2): a guided form that hands a hard case to a justice officer in a couple of taps.

Steps: kind of dispute (the topics marked `dispute: true`) -> commune (remembered) -> one-message description -> attach the last
question and answer? -> case number. /huy cancels at any step; /vuviec lists open cases and lets the mediator add
information. The desk (storage + staff chat) lives outside the core, behind the CaseDesk port.
"""

from collections.abc import Sequence
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.core import danger, texts
from bot.core.actions import Action, act
from bot.core.context import Context
from bot.core.knowledge import dispute_kinds
from bot.core.messages import Button, Reply, Turn
from bot.core.ports import CaseDesk
from bot.core.privacy import mask_personal
from bot.core.state import open_form

_MIN_DESCRIPTION = 15
_RATED = {"rated": texts.CASE_RATED, "not_closed": texts.CASE_RATE_NOT_CLOSED, "already": texts.CASE_RATE_ALREADY}
RECENT_DAYS = 90  # /vuviec shows answered and closed cases this far back
THREAD_LINES = 6  # messages of each case's thread shown by /vuviec (the latest)
OPEN = ("new", "assigned", "answered")
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class Step(StrEnum):
    TOPIC = "topic"
    COMMUNE = "commune"
    DESCRIPTION = "description"
    ATTACH = "attach"
    ADD_INFO = "add_info"


class EscalationFlow:
    name = "escalation"
    commands: Sequence[str] = ("/chuyen", "/huy", "/vuviec")
    menu_buttons: Sequence[Button] = (Button(texts.BTN_ESCALATE, act("chuyen")),)
    answer_buttons: Sequence[Button] = (Button(texts.BTN_ESCALATE, act("chuyen")),)

    def __init__(self, desk: CaseDesk, response_hours: int) -> None:
        self.desk = desk
        self.response_hours = response_hours

    async def command(self, ctx: Context, command: str) -> Turn:
        if command == "/huy":
            return self._cancel(ctx)
        if command == "/vuviec":
            return await self._list(ctx)
        return self._start(ctx, urgent=bool(ctx.state.get("danger")))

    async def action(self, ctx: Context, action: Action) -> Turn:
        """🆘 Hỏi cán bộ, the form's buttons (a button of a step already passed is out of date), adding to a case,
        rating a closed case."""
        form = self._form(ctx)
        match action.code:
            case "chuyen":
                return self._start(ctx, urgent=bool(ctx.state.get("danger")))
            case "c:urgent":  # pressed under the emergency block
                return self._start(ctx, urgent=True)
            case "c:topic" if form.get("step") == Step.TOPIC:
                topic = action.text(0)
                if topic and topic not in {t.id for t in dispute_kinds(ctx.kb.topics)}:  # crafted or out of date
                    return self._start(ctx, urgent=bool(form.get("urgent")), lead=texts.STALE_BUTTON)
                form["topic"] = topic or None
                return self._ask_commune(ctx, form)
            case "c:commune" if form.get("step") == Step.COMMUNE and ctx.state.get("commune"):
                form["commune"] = ctx.state.get("commune")
                return self._ask_description(form)
            case "c:attach" if form.get("step") == Step.ATTACH:
                return await self._submit(ctx, form, attach=action.text(0) == "y")
            case "c:add":
                return await self._ask_add(ctx, str(action.number(0)))
            case "c:rate":
                rated = await self.desk.rate(action.number(0), ctx.user_key, action.number(1))
                return Turn([Reply(_RATED.get(rated, texts.EXPIRED_BUTTON))])
        return Turn([Reply(texts.EXPIRED_BUTTON)])

    async def text(self, ctx: Context, text: str) -> Turn | None:
        form = self._form(ctx)
        step = form.get("step")
        if step == Step.COMMUNE and text:
            form["commune"] = text[:120]
            ctx.state["commune"] = form["commune"]  # remembered for next time
            return self._ask_description(form)
        if step == Step.DESCRIPTION:
            if len(text) < _MIN_DESCRIPTION:
                return Turn([Reply(texts.ESC_TOO_SHORT)])
            form["description"] = mask_personal(text)[:3000]  # kept in the stored state until the case is sent
            if ctx.state.get("last_text") and ctx.state.get("last_answer"):
                form["step"] = Step.ATTACH
                return Turn([Reply(texts.ESC_ATTACH, self._attach_buttons())])
            return await self._submit(ctx, form, attach=False)
        if step == Step.ADD_INFO and text:
            number = await self.desk.add_info(int(form["case_id"]), ctx.user_key, text[:3000])
            self._clear(ctx)
            return Turn([Reply(texts.CASE_ADDED.format(number=number) if number else texts.CASE_ADD_FAILED)])
        return None  # a button step: free text is treated as a question

    async def after_danger(self, ctx: Context, text: str) -> Turn:
        """After the emergency block: a description (or added information) is taken as it is and the case flagged
        urgent, since that is where danger belongs; any other step is asked again."""
        form = self._form(ctx)
        form["urgent"] = True
        if form.get("step") in (Step.DESCRIPTION, Step.ADD_INFO):
            return await self.text(ctx, text) or Turn()
        return self._repeat(ctx, form)

    def _repeat(self, ctx: Context, form: dict[str, Any]) -> Turn:
        match form.get("step"):
            case Step.TOPIC:
                return self._start(ctx, urgent=True)
            case Step.COMMUNE:
                return self._ask_commune(ctx, form)
            case Step.ATTACH:
                return Turn([Reply(texts.ESC_ATTACH, self._attach_buttons())])
        return Turn()

    # -- steps ---------------------------------------------------------------------------------------------------------

    def _form(self, ctx: Context) -> dict[str, Any]:
        return open_form(ctx.state, self.name)

    def _clear(self, ctx: Context) -> None:
        ctx.state.pop("flow", None)
        ctx.state.pop("form", None)

    @staticmethod
    def _attach_buttons() -> tuple[Button, ...]:
        return Button(texts.BTN_ATTACH_YES, act("c:attach", "y")), Button(texts.BTN_ATTACH_NO, act("c:attach", "n"))

    def _start(self, ctx: Context, *, urgent: bool = False, lead: str = "") -> Turn:
        ctx.state["flow"] = self.name
        ctx.state["form"] = {"step": Step.TOPIC, **({"urgent": True} if urgent else {})}
        topics = dispute_kinds(ctx.kb.topics)
        buttons = (*(Button(t.title, act("c:topic", t.id)) for t in topics), Button(texts.BTN_OTHER_TOPIC, act("c:topic", "")))
        lead = "".join(f"{line}\n" for line in (lead, texts.ESC_URGENT_FLAGGED if urgent else "") if line)
        return Turn([Reply(lead + texts.ESC_TOPIC, buttons)])

    def _ask_commune(self, ctx: Context, form: dict[str, Any]) -> Turn:
        form["step"] = Step.COMMUNE
        remembered = ctx.state.get("commune")
        buttons = (Button(texts.BTN_SAME_COMMUNE.format(commune=remembered), act("c:commune")),) if remembered else ()
        return Turn([Reply(texts.ESC_COMMUNE, buttons)])

    def _ask_description(self, form: dict[str, Any]) -> Turn:
        form["step"] = Step.DESCRIPTION
        return Turn([Reply(texts.ESC_DESCRIPTION)])

    async def _submit(self, ctx: Context, form: dict[str, Any], attach: bool) -> Turn:
        description = str(form.get("description", ""))
        lexicon = ctx.kb.lexicon
        flagged = danger.mentions_danger(description, lexicon.emergency, lexicon.danger_words)
        urgent = bool(form.get("urgent")) or flagged
        attached_answer = None
        if attach and ctx.state.get("last_answer") in ctx.kb.entries:
            attached_answer = ctx.kb.entries[ctx.state["last_answer"]].answer
        number = await self.desk.open_case(
            channel=ctx.msg.channel, user_key=ctx.user_key, raw_user_id=ctx.msg.user_id, topic=form.get("topic"),
            commune=form.get("commune"), description=description,
            attached_question=ctx.state.get("last_text") if attach else None, attached_answer=attached_answer,
            urgent=urgent,
        )
        self._clear(ctx)
        replies = [Reply(texts.ESC_DONE.format(number=number, hours=self.response_hours))]
        if flagged and not form.get("urgent"):  # the block was not shown when the description came in
            replies.insert(0, danger.emergency_reply(lexicon.emergency, None))
        return Turn(replies)

    def _cancel(self, ctx: Context) -> Turn:
        if ctx.state.get("flow") is None:
            return Turn([Reply(texts.ESC_NOTHING_TO_CANCEL)])
        self._clear(ctx)  # /huy ends whatever form is open, whichever feature opened it
        return Turn([Reply(texts.ESC_CANCELLED)])

    async def _list(self, ctx: Context) -> Turn:
        """/vuviec: open cases and those answered or closed in the last RECENT_DAYS days, each with its thread;
        "➕ Bổ sung" for the open ones."""
        cases = await self.desk.recent_cases(ctx.user_key, RECENT_DAYS)
        if not cases:
            return Turn([Reply(texts.CASES_NONE.format(days=RECENT_DAYS), (Button(texts.BTN_ESCALATE, act("chuyen")),))])
        parts = [texts.CASES_LIST.format(days=RECENT_DAYS)]
        for case in cases:
            status = texts.CASE_STATUS.get(case.status, case.status)
            if case.status == "closed" and case.outcome:
                status = f"{status} ({case.outcome})"
            lines = [texts.CASE_LIST_ITEM.format(number=case.number, status=status,
                                                 date=case.created_at.astimezone(LOCAL_TZ).strftime("%d/%m/%Y"))]
            shown = case.thread[-THREAD_LINES:]
            if len(case.thread) > len(shown):
                lines.append(texts.CASE_THREAD_EARLIER.format(n=len(case.thread) - len(shown)))
            lines += [texts.CASE_THREAD_LINE[line.who].format(text=_short(line.text)) for line in shown]
            parts.append("\n".join(lines))
        buttons = tuple(Button(texts.BTN_ADD_INFO.format(number=c.number), act("c:add", c.id))
                        for c in cases if c.status in OPEN)
        return Turn([Reply("\n\n".join(parts), buttons)])

    async def _ask_add(self, ctx: Context, case_id: str) -> Turn:
        cases = {str(cid): number for cid, number, _ in await self.desk.open_cases(ctx.user_key)}
        if case_id not in cases:
            return Turn([Reply(texts.CASE_ADD_FAILED)])
        ctx.state["flow"] = self.name
        ctx.state["form"] = {"step": Step.ADD_INFO, "case_id": case_id}
        return Turn([Reply(texts.CASE_ADD_PROMPT.format(number=cases[case_id]))])


def _short(text: str, width: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
