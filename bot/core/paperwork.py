"""Paperwork (/vanban): choose a document, answer its fields one message at a time, check every answer on a review
step, receive a .docx and its text.

Every question offers "◀ Sửa mục trước" (typed: "quay lại"); after the last one the review lists the answers with
"Sửa mục N" (typed: "sửa N") and "✅ Tạo văn bản". A name or place typed without any diacritics is questioned once per
form ("Bạn có muốn gõ lại có dấu không?") before it goes into a legal document.

Privacy: what the user types (names, addresses) lives only in the conversation state while the form is open and is
removed from it when the file is made or the form is cancelled. It never reaches search, so never the question log,
and the turns that carry it are marked private, so no transcript keeps it. Channels that cannot send files get a
link that works for 24 hours; its stored copy is deleted at expiry, and only the fact that a document was made
(template, time) is kept for statistics.
"""

import asyncio
import datetime as dt
import re
import secrets
from collections.abc import Callable, Sequence
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.core import texts
from bot.core.actions import Action, act
from bot.core.context import Context
from bot.core.doc_templates import FormTemplate, field_names, render_text
from bot.core.docx_writer import DOCX_MIME, render_docx
from bot.core.logbook_prefill import prefill
from bot.core.messages import Button, Document, Reply, Turn
from bot.core.normalize import fold, has_marks
from bot.core.render import detailed_citation_line
from bot.core.state import close_form

NAME = "paperwork"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LINK_TTL = dt.timedelta(hours=24)
MAX_ANSWER = 1000
REVIEW_WIDTH = 160  # characters of each answer on the review step
SKIP_WORDS = {"bo qua", "boqua", "-", "skip"}  # folded: "bỏ qua", "Bỏ qua", "bo qua"…
BACK_WORDS = {"quay lai", "sua muc truoc", "tro lai", "lui"}
MAKE_WORDS = {"tao van ban", "tao", "xong", "dong y"}
EDIT_RE = re.compile(r"^sua(?: muc)? (\d{1,3})$")  # "sửa 3", "sua muc 3"
DOWNLOAD_PATH = "/tai-ve/"

Clock = Callable[[], dt.datetime]


class DocumentSink(Protocol):
    """Where a generated document is recorded: the file behind a link (or None), and the fact, for statistics."""

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
        """The menu, a document chosen, cancel; an answer button ("v:c:<step>:<choice>", "v:skip:<step>"), back
        ("v:back:<step>"), keep an unmarked answer ("v:keep:<step>"); on the review: "v:edit:<n>", "v:make"."""
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
        at_review = form["step"] == len(template.fields)
        if action.code == "v:make" and at_review:
            return await self._finish(ctx, template, form["answers"])
        if action.code == "v:edit" and at_review and 1 <= action.number(0) <= len(template.fields):
            return self._goto(ctx, template, form, action.number(0) - 1)
        if action.code in ("v:make", "v:edit") or action.number(0) != form["step"]:
            return self._current(ctx, template, form)  # a button of an earlier step: ask the current one again
        if action.code == "v:back":
            return self._goto(ctx, template, form, max(form["step"] - 1, 0))
        if action.code == "v:keep" and form.get("pending") is not None:
            return await self._answer(ctx, template, form, str(form["pending"]))
        if action.code == "v:skip":
            return await self._answer(ctx, template, form, "")
        field = template.fields[form["step"]]
        if action.code == "v:c" and action.number(1) < len(field.choices):
            return await self._answer(ctx, template, form, field.choices[action.number(1)])
        return Turn([Reply(texts.EXPIRED_BUTTON)])

    async def text(self, ctx: Context, text: str) -> Turn:
        """Typed text while a form is open answers its current question, or steers it (never a search)."""
        template, form = self._open(ctx)
        if template is None or form is None:
            _close(ctx)
            return Turn([Reply(texts.PAPERWORK_CANCELLED, (Button(texts.BTN_PAPERWORK, act("v:menu")),))])
        typed = " ".join(fold(text).split())
        if form["step"] == len(template.fields):
            edit = EDIT_RE.match(typed)
            if edit and 1 <= int(edit.group(1)) <= len(template.fields):
                return self._goto(ctx, template, form, int(edit.group(1)) - 1)
            if typed in MAKE_WORDS:
                return await self._finish(ctx, template, form["answers"])
            return self._review(ctx, template, form, texts.PAPERWORK_REVIEW_HOW)
        if typed in BACK_WORDS:
            return self._goto(ctx, template, form, max(form["step"] - 1, 0))
        if typed in SKIP_WORDS:
            return await self._answer(ctx, template, form, "")
        if not text:
            return self._ask(ctx, template, form, texts.PAPERWORK_EMPTY)
        if len(text) > MAX_ANSWER:
            return self._ask(ctx, template, form, texts.PAPERWORK_TOO_LONG.format(limit=MAX_ANSWER))
        field = template.fields[form["step"]]
        if field.names and not form.get("asked") and _unmarked(text):
            form = {**form, "pending": text.strip(), "asked": True}
            ctx.state["form"] = form
            return self._ask_marks(ctx, form)
        return await self._answer(ctx, template, form, text)

    async def after_danger(self, ctx: Context, text: str) -> Turn:
        """After the emergency block: the current question again (the typed text is not taken as an answer)."""
        template, form = self._open(ctx)
        if template is None or form is None:
            return await self.text(ctx, text)
        return self._current(ctx, template, form)

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
        form: dict[str, Any] = {"doc": template.id, "step": 0, "answers": {}}
        ctx.state["flow"] = NAME
        ctx.state["form"] = form
        lead = f"📝 {template.label}\n{template.intro}\n{detailed_citation_line(template.citations, ctx.kb.documents)}"
        return self._ask(ctx, template, form, lead)

    def _current(self, ctx: Context, template: FormTemplate, form: dict[str, Any]) -> Turn:
        """Whatever the form is waiting for: the review, the diacritics question, or the current field."""
        if form["step"] == len(template.fields):
            return self._review(ctx, template, form)
        if form.get("pending") is not None:
            return self._ask_marks(ctx, form)
        return self._ask(ctx, template, form)

    def _goto(self, ctx: Context, template: FormTemplate, form: dict[str, Any], step: int) -> Turn:
        """Go to a question to change its answer (from "◀ Sửa mục trước" or the review)."""
        back_to_review = form.get("review") or form["step"] == len(template.fields)
        form = {**form, "step": step, "review": bool(back_to_review), "pending": None}
        ctx.state["form"] = form
        return self._ask(ctx, template, form)

    def _ask(self, ctx: Context, template: FormTemplate, form: dict[str, Any], lead: str = "") -> Turn:
        step = form["step"]
        field = template.fields[step]
        text = texts.PAPERWORK_STEP.format(step=step + 1, total=len(template.fields), prompt=field.prompt)
        given = form["answers"].get(field.id)
        if given:
            text += "\n" + texts.PAPERWORK_GIVEN.format(value=_short(given))
        buttons = [Button(c, act("v:c", step, i)) for i, c in enumerate(field.choices)]
        # Without buttons a bare number typed as an answer (a case number, a count) must stay text, so free-text
        # questions get no numbered choices there, only a hint.
        if buttons or ctx.msg.has_buttons:
            buttons.append(Button(texts.BTN_SKIP, act("v:skip", step)))
            if step > 0:
                buttons.append(Button(texts.BTN_FORM_BACK, act("v:back", step)))
            buttons.append(Button(texts.BTN_FORM_CANCEL, act("v:cancel")))
        if not ctx.msg.has_buttons:
            text = f"{text}\n{texts.PAPERWORK_TEXT_HINT}"
        return Turn([Reply(f"{lead}\n\n{text}" if lead else text, tuple(buttons), private=bool(given))],
                    private=True)

    def _ask_marks(self, ctx: Context, form: dict[str, Any]) -> Turn:
        """A name or place typed without diacritics: keep it, or type it again with them (asked once per form)."""
        value = str(form["pending"])
        buttons = (Button(texts.BTN_KEEP_UNMARKED.format(value=_short(value, 30)), act("v:keep", form["step"])),)
        return Turn([Reply(texts.PAPERWORK_ASK_MARKS.format(value=value), buttons, private=True)], private=True)

    async def _answer(self, ctx: Context, template: FormTemplate, form: dict[str, Any], value: str) -> Turn:
        field = template.fields[form["step"]]
        answers = {**form["answers"], field.id: value.strip()}
        step = len(template.fields) if form.get("review") else form["step"] + 1
        # A new dict, never an in-place change: the dialogue saves the state only when it compares different.
        form = {**form, "step": step, "answers": answers, "pending": None}
        ctx.state["form"] = form
        if step < len(template.fields):
            return self._ask(ctx, template, form)
        return self._review(ctx, template, form)

    def _review(self, ctx: Context, template: FormTemplate, form: dict[str, Any], lead: str = "") -> Turn:
        """Every answer, numbered, before the file is made: "✅ Tạo văn bản", or "Sửa mục N"."""
        answers = form["answers"]
        lines = [f"{i}. {name}: {_short(answers.get(f.id) or texts.FORM_BLANK, REVIEW_WIDTH)}"
                 for i, (name, f) in enumerate(zip(field_names(template), template.fields, strict=True), 1)]
        text = "\n".join([texts.PAPERWORK_REVIEW, *lines, "", texts.PAPERWORK_REVIEW_HOW])
        buttons = [Button(texts.BTN_FORM_MAKE, act("v:make")),
                   *(Button(texts.BTN_FORM_EDIT.format(n=n), act("v:edit", n)) for n in range(1, len(lines) + 1)),
                   Button(texts.BTN_FORM_CANCEL, act("v:cancel"))]
        return Turn([Reply(f"{lead}\n\n{text}" if lead else text, tuple(buttons), private=True)], private=True)

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
        buttons: tuple[Button, ...] = (Button(texts.BTN_PAPERWORK_OTHER, act("v:menu")),
                                       Button(texts.BTN_MENU, act("menu")))
        known = prefill(template.id, answers)  # only ids, days and a masked summary: offered to /ghiso
        if known:
            ctx.state["logbook"] = {"pre": known, "what": template.label}
            buttons = (Button(texts.BTN_LB_FROM_DOC, act("lb:pre")), *buttons)
            note += "\n" + texts.LB_OFFER_FROM_DOC
        reply = Reply(f"{render_text(template, answers)}\n\n{note}", buttons if ctx.msg.has_buttons else (),
                      Document(filename, content, DOCX_MIME, link), private=True)
        return Turn([reply], private=True)

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
        if template is None or not 0 <= int(form.get("step", -1)) <= len(template.fields):
            return None, None
        return template, form


def _unmarked(text: str) -> bool:
    """Letters typed without a single diacritic ("Lo Van Pang"): a name that will read wrong in a legal document."""
    return any(c.isalpha() for c in text) and not has_marks(text)


def _short(value: str, width: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"


def _close(ctx: Context) -> None:
    close_form(ctx.state, NAME)
