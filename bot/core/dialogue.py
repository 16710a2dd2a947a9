"""The conversation: Incoming -> Turn. Channel-neutral; state lives in the store, keyed by a pseudonymous user key.

Features beyond Q&A (escalation, scope check, paperwork) plug in as `Flow`s: each owns commands, the button actions
the action table (bot.core.actions) gives it, and the free text that arrives while its form is open. Every button
press is parsed by that table first; a malformed or unknown one is refused here, politely, with the main menu.
"""

import copy
import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import cast

from bot.core import actions, answering, danger, texts, views
from bot.core.actions import Action, act
from bot.core.context import Context, Flow, SafeForm, VoiceInput
from bot.core.identity import user_key
from bot.core.knowledge import Entry
from bot.core.law_view import law_reply
from bot.core.messages import Button, Incoming, Reply, Turn
from bot.core.ports import DialogueStore
from bot.core.service import KnowledgeService
from bot.core.state import ConversationState

logger = logging.getLogger(__name__)
_OVERFLOW_KEPT = 6  # "⋯ Thêm" of the last few replies still opens what it hid


URGENT = act("c:urgent")  # "🆘 Hỏi cán bộ" marked urgent, under the emergency block when a flow owns it


class Dialogue:
    def __init__(self, service: KnowledgeService, store: DialogueStore, salt: bytes, flows: Sequence[Flow] = (),
                 voice: VoiceInput | None = None) -> None:
        self.service = service
        self.store = store
        self.salt = salt
        self.flows = list(flows)
        self.voice = voice
        # Called after every handled message with (incoming, turn, seconds): metrics hook in here.
        self.observers: list[Callable[[Incoming, Turn, float], None]] = []

    async def handle(self, msg: Incoming) -> Turn:
        """One incoming message -> the replies to send (an empty Turn means: stay silent)."""
        started = time.perf_counter()
        turn = await self._handle(msg)
        for observe in self.observers:
            observe(msg, turn, time.perf_counter() - started)
        return turn

    async def _handle(self, msg: Incoming) -> Turn:
        is_command = msg.kind == "text" and msg.text.strip().startswith("/")
        if msg.is_group and msg.kind != "action" and not (is_command or msg.mentioned):
            return Turn()
        key = user_key(self.salt, msg.channel, msg.user_id)
        # Only typed messages count: button presses (paging, "Bỏ qua" in a form) are cheap and deliberate.
        over_limit, stored = await self.store.begin_turn(key, msg.channel, count=msg.kind != "action")
        emergency = self.service.snapshot.knowledge.lexicon.emergency
        alarm = msg.kind == "text" and not is_command and danger.alarm(emergency, msg.text)
        if over_limit:
            return Turn([danger.emergency_reply(emergency, None) if alarm else Reply(texts.FLOOD)])
        state = cast(ConversationState, stored)  # what save_state wrote: JSON of this shape
        before = copy.deepcopy(state)  # flows mutate nested dicts (their forms) in place
        msg = _numbered_choice(msg, state)
        ctx = Context(msg, key, state, self.service, self.store,
                      [b for f in self.flows for b in f.answer_buttons])
        turn = await (self._after_alarm(ctx) if alarm else self._route(ctx, is_command))
        if alarm:  # an escalation opened right after the block is urgent
            state["danger"] = True
        else:
            state.pop("danger", None)
        self._limit_buttons(ctx, turn)
        if not msg.has_buttons:
            last = next((r for r in reversed(turn.replies) if r.buttons), None)
            if last is not None or turn.replies:
                state["numbered"] = [b.action for b in last.buttons] if last else None
        if state != before:
            await self.store.save_state(key, msg.channel, dict(state))
        return turn

    @staticmethod
    def _limit_buttons(ctx: Context, turn: Turn) -> None:
        """At most five buttons under any reply; what does not fit waits behind "⋯ Thêm"."""
        priority = [b.action for b in ctx.extra_buttons]
        for i, reply in enumerate(turn.replies):
            shown, hidden = views.limit_buttons(reply.buttons, priority)
            if hidden:
                key = hashlib.sha1("\n".join(b.action for b in hidden).encode()).hexdigest()[:8]
                turn.replies[i] = replace(reply, buttons=(*shown[:-1], Button(shown[-1].label, act("more", key))))
                kept = dict(list((ctx.state.get("overflow") or {}).items())[-(_OVERFLOW_KEPT - 1):])
                kept[key] = [[b.label, b.action] for b in hidden]
                ctx.state["overflow"] = kept

    async def _after_alarm(self, ctx: Context) -> Turn:
        """Danger to life: the emergency block first, then the normal answer, or the open form's step again."""
        emergency, owner = ctx.kb.lexicon.emergency, actions.SPECS[URGENT].owner
        open_form = next((f for f in self.flows if f.name == ctx.state.get("flow")), None)
        urgent = any(f.name == owner for f in self.flows) and (open_form is None or open_form.name != owner)
        block = danger.emergency_reply(emergency, Button(texts.BTN_ESCALATE_URGENT, URGENT) if urgent else None,
                                       buttons=ctx.msg.has_buttons)
        if isinstance(open_form, SafeForm):
            rest = await open_form.after_danger(ctx, ctx.msg.text.strip())
        else:
            rest = await self._route(ctx, False)
        return Turn([block, *rest.replies], rest.outcome, rest.results, rest.private)

    async def _route(self, ctx: Context, is_command: bool) -> Turn:
        msg = ctx.msg
        if msg.kind == "voice" and self.voice is not None:
            return await self.voice.voice(ctx, msg.audio)
        if msg.kind == "unsupported" and self.voice is not None and not msg.caps.voice_input:
            return self.voice.unsupported(ctx)
        if msg.kind in ("unsupported", "voice"):
            return Turn([Reply(texts.UNSUPPORTED)])
        if msg.kind == "action":
            return await self._action(ctx, msg.action)
        text = msg.text.strip()
        if is_command:
            return await self._command(ctx, text)
        for flow in self.flows:
            if ctx.state.get("flow") == flow.name and (turn := await flow.text(ctx, text)) is not None:
                return turn
        if ctx.state.get("await") == "comment" and text:
            return await self._comment(ctx, text)
        suggested = ctx.state.get("suggest")
        if text.isdigit() and suggested and 1 <= int(text) <= len(suggested):
            return await self._pick(ctx, suggested[int(text) - 1])
        if not text:
            return Turn([Reply(texts.EMPTY_TEXT)])
        return await self.ask(ctx, text)

    # -- search --------------------------------------------------------------------------------------------------------

    async def ask(self, ctx: Context, text: str) -> Turn:
        """Search every question of the message (at most three) and answer them, the first in full."""
        return await answering.ask(ctx, text)

    async def _pick(self, ctx: Context, entry_id: str) -> Turn:
        entry = self._entry(ctx, entry_id)
        if entry is None:
            return Turn([Reply(texts.ENTRY_GONE)])
        last_question = ctx.state.get("last_question")
        if last_question and entry_id in (ctx.state.get("suggest") or []):
            await ctx.store.mark_picked(int(last_question), entry_id)
        ctx.state["suggest"] = None
        ctx.state["last_answer"] = entry_id
        return Turn([views.answer_reply(entry, ctx.kb, ctx.extra_buttons, ctx.state.get("lang"))])

    def _entry(self, ctx: Context, entry_id: str) -> Entry | None:
        entry = ctx.kb.entries.get(entry_id)
        return entry if entry is not None and entry.status == "published" else None

    # -- commands and buttons -----------------------------------------------------------------------------------------

    async def _command(self, ctx: Context, text: str) -> Turn:
        command = text.split()[0].split("@")[0].lower()
        if command in ("/start", "/menu"):
            return self._start(ctx)
        if command in ("/help", "/huongdan"):
            return Turn([Reply(texts.GUIDE, self._menu())])
        if command == "/xoa":
            return Turn([Reply(texts.ERASE_CONFIRM, (Button(texts.BTN_YES_ERASE, act("xoa", "y")),
                                                     Button(texts.BTN_NO, act("xoa", "n"))))])
        active = next((f for f in self.flows if f.name == ctx.state.get("flow")), None)
        if active is not None and command in active.commands:  # e.g. /huy goes to the form that is open
            return await active.command(ctx, command)
        for flow in self.flows:
            if command in flow.commands:
                return await flow.command(ctx, command)
        return Turn([Reply(texts.UNKNOWN_COMMAND)])

    def _menu(self) -> tuple[Button, ...]:
        return views.main_menu_buttons([b for f in self.flows for b in f.menu_buttons])

    def _start(self, ctx: Context) -> Turn:
        ctx.state.pop("flow", None)
        ctx.state.pop("form", None)
        ctx.state.pop("await", None)
        ctx.state.pop("suggest", None)
        text = f"{texts.GREETING}\n\n{texts.PRIVACY}"
        return Turn([Reply(text, self._menu())])

    async def _action(self, ctx: Context, raw: str) -> Turn:
        """Parse a press with the action table and hand it to its owner; refuse what does not parse, in one place."""
        action = actions.parse(raw)
        owner = next((f for f in self.flows if action is not None and f.name == action.owner), None)
        if action is None or (action.owner != actions.DIALOGUE and owner is None):
            logger.info("refused a stale or malformed button action (%d characters)", len(raw))
            return Turn([Reply(texts.STALE_BUTTON, self._menu())])
        if owner is not None:
            return await owner.action(ctx, action)
        return await self._dialogue_action(ctx, action)

    async def _dialogue_action(self, ctx: Context, action: Action) -> Turn:
        kb = ctx.kb
        match action.code:
            case "menu":
                return Turn([Reply(texts.MENU_TITLE, self._menu())])
            case "guide":
                return Turn([Reply(texts.GUIDE, self._menu())])
            case "qa":
                return Turn([views.topics_reply(kb, texts.TOPICS_TITLE, "t", {"qa"})])
            case "sc":
                return Turn([views.topics_reply(kb, texts.SCENARIOS_TITLE, "st", {"scenario"})])
            case "t" | "st":
                return self._topic_page(ctx, action.code, action.text(0), action.number(1))
            case "lf" | "lfp":
                return Turn([self._leaflets(ctx, action.number(0) if action.args else 1)])
            case "sk" | "skp":
                entries = sorted((e for e in kb.published() if e.kind == "skit"), key=lambda e: e.title)
                page = action.number(0) if action.args else 1
                return Turn([views.paged_list(texts.SKITS_TITLE.rstrip(":"), entries, page, "skp",
                                              width=views.label_width(ctx.msg.caps))])
            case "e":
                entry = self._entry(ctx, action.text(0))
                if entry is None:
                    return Turn([Reply(texts.ENTRY_GONE)])
                ctx.state["last_answer"] = entry.id
                return Turn([views.answer_reply(entry, kb, ctx.extra_buttons, ctx.state.get("lang"))])
            case "p":
                return await self._pick(ctx, action.text(0))
            case "q":
                return await answering.ask_part(ctx, action.number(0))
            case "more":
                stored = (ctx.state.get("overflow") or {}).get(action.text(0)) or []
                hidden = tuple(Button(str(label), str(code)) for label, code in stored)
                if not hidden:
                    return Turn([Reply(texts.EXPIRED_BUTTON)])
                return Turn([Reply(texts.OVERFLOW_TITLE, hidden)])
            case "m":
                found = self._entry(ctx, action.text(0))
                more = views.more_reply(found, kb, action.number(1), ctx.msg.limit,
                                        views.label_width(ctx.msg.caps)) if found else None
                return Turn([more or Reply(texts.ENTRY_GONE)])
            case "law":
                found = self._entry(ctx, action.text(0))
                law = law_reply(found, kb, action.number(1), ctx.msg.limit) if found else None
                return Turn([law or Reply(texts.ENTRY_GONE)])
            case "up" | "dn":
                return await self._feedback(ctx, action.text(0), helpful=action.code == "up")
            case "r":
                return await self._reason(ctx, action.text(0))
            case "skip":
                ctx.state.pop("await", None)
                return Turn([Reply(texts.THANKS_FEEDBACK)])
            case "xoa":
                if action.text(0) == "y":
                    await ctx.store.erase_user(ctx.user_key)
                    cast(dict[str, object], ctx.state).clear()
                    return Turn([Reply(texts.ERASED)], erased=True)
                return Turn([Reply(texts.ERASE_CANCELLED)])
        raise AssertionError(f"the action table gives the dialogue {action.code!r} but nothing handles it")

    def _leaflets(self, ctx: Context, page: int) -> Reply:
        """The leaflets, a page at a time, with the way to the skits beside the menu button."""
        entries = sorted((e for e in ctx.kb.published() if e.kind == "leaflet"), key=lambda e: e.title)
        reply = views.paged_list(texts.LEAFLETS_TITLE.rstrip(":"), entries, page, "lfp",
                                 width=views.label_width(ctx.msg.caps))
        return Reply(reply.text, (*reply.buttons[:-1], Button(texts.BTN_SKITS, act("sk")), reply.buttons[-1]))

    def _topic_page(self, ctx: Context, code: str, topic_id: str, page: int) -> Turn:
        topic = ctx.kb.topics.get(topic_id)
        if topic is None:
            return Turn([Reply(texts.EXPIRED_BUTTON)])
        kinds = {"qa"} if code == "t" else {"scenario"}
        entries = views.entries_in_topic(ctx.kb, topic_id, kinds)
        if not entries:
            return Turn([Reply(texts.TOPIC_EMPTY, (Button(texts.BTN_MENU, act("menu")),))])
        return Turn([views.paged_list(topic.title, entries, page, code, topic_id, width=views.label_width(ctx.msg.caps))])

    # -- feedback ------------------------------------------------------------------------------------------------------

    async def _feedback(self, ctx: Context, entry_id: str, helpful: bool) -> Turn:
        if entry_id not in ctx.kb.entries:
            return Turn([Reply(texts.ENTRY_GONE)])
        qid = ctx.state.get("last_question") if ctx.state.get("last_answer") == entry_id else None
        fid = await ctx.store.record_feedback(channel=ctx.msg.channel, user_key=ctx.user_key, entry_id=entry_id,
                                              helpful=helpful, question_id=qid)
        if helpful:
            return Turn([Reply(texts.THANKS_HELPFUL)])
        ctx.state["feedback"] = fid
        buttons = tuple(Button(label, act("r", code)) for code, label in texts.REASONS.items())
        return Turn([Reply(texts.ASK_REASON, buttons)])

    async def _reason(self, ctx: Context, code: str) -> Turn:
        fid = ctx.state.get("feedback")
        if fid is None or code not in texts.REASONS:
            return Turn([Reply(texts.EXPIRED_BUTTON)])
        await ctx.store.update_feedback(int(fid), reason=code)
        ctx.state["await"] = "comment"
        return Turn([Reply(texts.ASK_COMMENT, (Button(texts.BTN_SKIP, act("skip")),))])

    async def _comment(self, ctx: Context, text: str) -> Turn:
        fid = ctx.state.pop("feedback", None)
        ctx.state.pop("await", None)
        if fid is not None:
            await ctx.store.update_feedback(int(fid), comment=text[:500])
        return Turn([Reply(texts.THANKS_FEEDBACK)])


def _numbered_choice(msg: Incoming, state: ConversationState) -> Incoming:
    """On channels without buttons, a digit answers the numbered choices of the last reply."""
    choices = state.get("numbered") or []
    text = msg.text.strip()
    if msg.kind == "text" and not msg.has_buttons and text.isdigit() and 1 <= int(text) <= len(choices):
        return replace(msg, kind="action", action=choices[int(text) - 1], text="")
    return msg
