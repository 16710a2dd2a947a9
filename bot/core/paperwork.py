"""Paperwork (/vanban): choose a document, answer its fields one message at a time, receive a .docx and its text.

Privacy: what the user types (names, addresses) lives only in the conversation state while the form is open and is
removed from it when the file is made or the form is cancelled. It never reaches search, so never the question log.
Channels that cannot send files get a one-time link; its stored copy is deleted after download or expiry, and only
the fact that a document was made (template, time) is kept for statistics.
"""

import asyncio
import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.core import texts
from bot.core.actions import Action, act
from bot.core.dialogue import Context
from bot.core.doc_templates import FormTemplate, render_text
from bot.core.docx_writer import DOCX_MIME, render_docx
from bot.core.messages import Button, Document, Reply, Turn
from bot.core.normalize import fold
from bot.core.render import detailed_citation_line

NAME = "paperwork"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LINK_TTL = dt.timedelta(hours=24)
MAX_ANSWER = 1000
SKIP_WORDS = {"bo qua", "boqua", "-", "skip"}  # folded: "bỏ qua", "Bỏ qua", "bo qua"…
DOWNLOAD_PATH = "/tai-ve/"

Clock = Callable[[], dt.datetime]


class DocumentSink(Protocol):
    """Where a generated document is recorded: the file for a one-time link (or None), and the fact, for statistics."""

    async def save_document(
        self, *, token: str, template: str, filename: str, content: bytes | None, expires_at: dt.datetime
    ) -> None: ...


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PaperworkFlow:
    name = NAME
    commands: Sequence[str] = ("/vanban", "/huy")
    menu_buttons: Sequence[Button] = (Button(texts.BTN_PAPERWORK, act("v:menu")),)
    answer_buttons: Sequence[Button] = ()

    def __init__(self, sink: DocumentSink, *, public_url: str | None = None, clock: Clock = utcnow) -> None:
        self.sink = sink
        self.base_url = (public_url or "").rstrip("/")
        self.clock = clock

    async def command(self, ctx: Context, command: str) -> Turn:
        """/vanban: choose a document (an open form is dropped); /huy: cancel the open form."""
        if command == "/huy":
            return self._cancel(ctx)
        return self._menu(ctx)

    async def action(self, ctx: Context, action: Action) -> Turn:
        """The menu, a document chosen, cancel; or an answer button ("v:c:<step>:<choice>", "v:skip:<step>")."""
        match action.code:
            case "v:menu":
                return self._menu(ctx)
            case "v:d":
                return self._start(ctx, action.text(0))
            case "v:cancel":
                return self._cancel(ctx)
        template, form = self._open(ctx)
        if template is None or form is None:
            return Turn([Reply(texts.EXPIRED_BUTTON, (Button(texts.BTN_PAPERWORK, act("v:menu")),))])
        if action.number(0) != form["step"]:  # a button from an earlier question: ask the current one again
            return self._ask(ctx, template, form["step"])
        if action.code == "v:skip":
            return await self._answer(ctx, template, form, "")
        field = template.fields[form["step"]]
        if action.number(1) < len(field.choices):
            return await self._answer(ctx, template, form, field.choices[action.number(1)])
        return Turn([Reply(texts.EXPIRED_BUTTON)])

    async def text(self, ctx: Context, text: str) -> Turn:
        """Typed text while a form is open is the answer to its current question (never a search)."""
        template, form = self._open(ctx)
        if template is None or form is None:
            _close(ctx)
            return Turn([Reply(texts.PAPERWORK_CANCELLED, (Button(texts.BTN_PAPERWORK, act("v:menu")),))])
        if fold(text).strip() in SKIP_WORDS:
            return await self._answer(ctx, template, form, "")
        if not text:
            return self._ask(ctx, template, form["step"], texts.PAPERWORK_EMPTY)
        if len(text) > MAX_ANSWER:
            return self._ask(ctx, template, form["step"], texts.PAPERWORK_TOO_LONG.format(limit=MAX_ANSWER))
        return await self._answer(ctx, template, form, text)

    # -- steps -----------------------------------------------------------------------------------------------------

    def _menu(self, ctx: Context) -> Turn:
        _close(ctx)
        templates = ctx.kb.templates
        if not templates:
            return Turn([Reply(texts.PAPERWORK_UNAVAILABLE, (Button(texts.BTN_MENU, act("menu")),))])
        buttons = [Button(t.label, act("v:d", t.id)) for t in templates.values()]
        return Turn([Reply(texts.PAPERWORK_CHOOSE, (*buttons, Button(texts.BTN_MENU, act("menu"))))])

    def _start(self, ctx: Context, template_id: str) -> Turn:
        template = ctx.kb.templates.get(template_id)
        if template is None:
            return self._menu(ctx)
        ctx.state["flow"] = NAME
        ctx.state["form"] = {"doc": template.id, "step": 0, "answers": {}}
        lead = f"📝 {template.label}\n{template.intro}\n{detailed_citation_line(template.citations, ctx.kb.documents)}"
        return self._ask(ctx, template, 0, lead)

    def _ask(self, ctx: Context, template: FormTemplate, step: int, lead: str = "") -> Turn:
        field = template.fields[step]
        text = texts.PAPERWORK_STEP.format(step=step + 1, total=len(template.fields), prompt=field.prompt)
        buttons = [Button(c, act("v:c", step, i)) for i, c in enumerate(field.choices)]
        # Without buttons a bare number typed as an answer (a case number, a count) must stay text, so free-text
        # questions get no numbered choices there, only a hint.
        if buttons or ctx.msg.has_buttons:
            buttons += [Button(texts.BTN_SKIP, act("v:skip", step)),
                        Button(texts.BTN_FORM_CANCEL, act("v:cancel"))]
        if not ctx.msg.has_buttons:
            text = f"{text}\n{texts.PAPERWORK_TEXT_HINT}"
        return Turn([Reply(f"{lead}\n\n{text}" if lead else text, tuple(buttons))])

    async def _answer(self, ctx: Context, template: FormTemplate, form: dict[str, Any], value: str) -> Turn:
        field = template.fields[form["step"]]
        answers = {**form["answers"], field.id: value.strip()}
        step = form["step"] + 1
        # A new dict, never an in-place change: the dialogue saves the state only when it compares different.
        ctx.state["form"] = {"doc": template.id, "step": step, "answers": answers}
        if step < len(template.fields):
            return self._ask(ctx, template, step)
        return await self._finish(ctx, template, answers)

    async def _finish(self, ctx: Context, template: FormTemplate, answers: dict[str, str]) -> Turn:
        _close(ctx)  # the answers leave the conversation state now; the reply below carries them back once
        content = await asyncio.to_thread(render_docx, template, answers)
        now = self.clock()
        filename = f"{template.id}-{now.astimezone(LOCAL_TZ):%Y-%m-%d}.docx"  # never a name the user typed
        token = secrets.token_urlsafe(24)
        by_link = not ctx.msg.sends_files
        await self.sink.save_document(token=token, template=template.id, filename=filename,
                                      content=content if by_link else None, expires_at=now + LINK_TTL)
        link = f"{self.base_url}{DOWNLOAD_PATH}{token}" if by_link else None
        note = texts.PAPERWORK_DONE_LINK if by_link else texts.PAPERWORK_DONE_FILE
        buttons = (Button(texts.BTN_PAPERWORK_OTHER, act("v:menu")), Button(texts.BTN_MENU, act("menu")))
        reply = Reply(f"{render_text(template, answers)}\n\n{note}", buttons if ctx.msg.has_buttons else (),
                      Document(filename, content, DOCX_MIME, link))
        return Turn([reply])

    def _cancel(self, ctx: Context) -> Turn:
        was_open = ctx.state.get("flow") == NAME
        _close(ctx)
        text = texts.PAPERWORK_CANCELLED if was_open else texts.PAPERWORK_NOTHING_OPEN
        return Turn([Reply(text, (Button(texts.BTN_PAPERWORK, act("v:menu")), Button(texts.BTN_MENU, act("menu"))))])

    def _open(self, ctx: Context) -> tuple[FormTemplate | None, dict[str, Any] | None]:
        """The open form and its template, or (None, None) when there is none or its template is gone."""
        form = ctx.state.get("form")
        if ctx.state.get("flow") != NAME or not isinstance(form, dict):
            return None, None
        template = ctx.kb.templates.get(str(form.get("doc")))
        if template is None or not 0 <= int(form.get("step", -1)) < len(template.fields):
            return None, None
        return template, form


def _close(ctx: Context) -> None:
    if ctx.state.get("flow") == NAME:
        ctx.state.pop("flow", None)
        ctx.state.pop("form", None)
