"""/coso: where a mediator serves, a commune of knowledge/communes.yaml and a village, kept by user key.

Its own small flow, so that the logbook reuses the same command and the same stored place (bot.storage, table
user_place). The commune is typed (marks optional) and picked among at most four matches; the village is chosen from
the commune's list when it has one, otherwise typed. What is typed is masked like every stored text.
"""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from bot.core import texts
from bot.core.actions import Action, act
from bot.core.communes import Commune, find_communes
from bot.core.context import Context
from bot.core.messages import Button, Reply, Turn
from bot.core.normalize import fold
from bot.core.privacy import mask_numbers
from bot.core.state import close_form, open_form
from bot.core.training_ports import PlaceBook

NAME = "place"
MAX_VILLAGE = 120
SKIP_WORDS = {"bo qua", "boqua", "-", "skip", "khong"}
QUESTION_WORDS = 5  # a commune name is a few words; a longer text that names none is a question for search


class PlaceFlow:
    name = NAME
    commands: Sequence[str] = ("/coso", "/huy")
    menu_buttons: Sequence[Button] = ()
    answer_buttons: Sequence[Button] = ()

    def __init__(self, book: PlaceBook) -> None:
        self.book = book
        # What goes on once the place is saved, when another flow asked for it (ask_for(..., then=name)).
        self.then: dict[str, Callable[[Context], Awaitable[Turn]]] = {}

    async def ask_for(self, ctx: Context, lead: str, *, then: str) -> Turn:
        """Ask the place on behalf of another flow (the logbook): once saved, `self.then[then]` continues."""
        if not ctx.kb.communes:
            return Turn([Reply(texts.PLACE_UNAVAILABLE)])
        turn = self._ask_commune(ctx, f"{lead}\n{texts.PLACE_ASK_COMMUNE}")
        ctx.state["form"] = {"step": "commune", "then": then}
        return turn

    async def command(self, ctx: Context, command: str) -> Turn:
        """/coso: ask the commune (saying what is stored now); /huy: leave the place as it was."""
        if command == "/huy":
            _close(ctx)
            return Turn([Reply(texts.PLACE_CANCELLED)])
        if not ctx.kb.communes:
            return Turn([Reply(texts.PLACE_UNAVAILABLE)])
        current = await self.book.place_of(ctx.user_key)
        text = texts.PLACE_ASK_COMMUNE
        if current is not None and current.commune_id in ctx.kb.communes:
            place = _place_name(ctx.kb.communes[current.commune_id], current.village)
            text = f"{texts.PLACE_CURRENT.format(place=place)}\n{text}"
        return self._ask_commune(ctx, text)

    async def action(self, ctx: Context, action: Action) -> Turn:
        form = _form(ctx)
        match action.code:
            case "cs:c":
                commune = ctx.kb.communes.get(action.text(0))
                if commune is not None:
                    return await self._chose_commune(ctx, commune)
            case "cs:retype":
                return self._ask_commune(ctx, texts.PLACE_ASK_COMMUNE)
            case "cs:v" if form.get("step") == "village":
                commune = ctx.kb.communes.get(str(form.get("commune")))
                if commune is not None and action.number(0) < len(commune.villages):
                    return await self._save(ctx, commune, commune.villages[action.number(0)])
            case "cs:skip" if form.get("step") == "village":
                commune = ctx.kb.communes.get(str(form.get("commune")))
                if commune is not None:
                    return await self._save(ctx, commune, None)
        return Turn([Reply(texts.EXPIRED_BUTTON, (Button(texts.BTN_RETYPE, act("cs:retype")),))])

    async def text(self, ctx: Context, text: str) -> Turn | None:
        form = _form(ctx)
        if form.get("step") == "commune":
            return await self._typed_commune(ctx, text)
        commune = ctx.kb.communes.get(str(form.get("commune")))
        if form.get("step") == "village" and commune is not None:
            return await self._typed_village(ctx, commune, text)
        _close(ctx)
        return None

    # -- steps -------------------------------------------------------------------------------------------------------

    def _ask_commune(self, ctx: Context, text: str) -> Turn:
        ctx.state["flow"] = NAME
        ctx.state["form"] = {"step": "commune"}
        return Turn([Reply(text)])

    async def _typed_commune(self, ctx: Context, typed: str) -> Turn | None:
        found = find_communes(ctx.kb.communes, typed)
        if not found and len(typed.split()) > QUESTION_WORDS:  # a question typed instead: search answers it
            _close(ctx)
            return None
        if not found:
            return Turn([Reply(texts.PLACE_NO_COMMUNE.format(typed=typed[:60]))])
        if len(found) == 1:
            return await self._chose_commune(ctx, found[0])
        buttons = tuple(Button(c.name, act("cs:c", c.id)) for c in found)
        return Turn([Reply(texts.PLACE_PICK_COMMUNE, (*buttons, Button(texts.BTN_RETYPE, act("cs:retype"))))])

    async def _chose_commune(self, ctx: Context, commune: Commune) -> Turn:
        ctx.state["flow"] = NAME
        ctx.state["form"] = {"step": "village", "commune": commune.id, "then": _form(ctx).get("then")}
        if ctx.msg.has_buttons:
            return Turn([Reply(texts.PLACE_ASK_VILLAGE.format(commune=commune.name),
                               (Button(texts.BTN_SKIP, act("cs:skip")),))])
        return Turn([Reply(texts.PLACE_ASK_VILLAGE_PLAIN.format(commune=commune.name))])

    async def _typed_village(self, ctx: Context, commune: Commune, typed: str) -> Turn:
        if fold(typed).strip() in SKIP_WORDS:
            return await self._save(ctx, commune, None)
        if not commune.villages:
            village = " ".join(mask_numbers(typed).split())[:MAX_VILLAGE]
            return await self._save(ctx, commune, village or None)
        wanted = " ".join(fold(typed).split())
        exact = [i for i, v in enumerate(commune.villages) if fold(v) in (wanted, f"ban {wanted}")]
        found = exact or [i for i, v in enumerate(commune.villages) if wanted and wanted in fold(v)]
        if len(found) == 1:
            return await self._save(ctx, commune, commune.villages[found[0]])
        skip = Button(texts.BTN_SKIP, act("cs:skip"))
        if not found:
            return Turn([Reply(texts.PLACE_NO_VILLAGE.format(commune=commune.name, typed=typed[:60]), (skip,))])
        buttons = tuple(Button(commune.villages[i], act("cs:v", i)) for i in found[:4])
        return Turn([Reply(texts.PLACE_PICK_VILLAGE, (*buttons, skip))])

    async def _save(self, ctx: Context, commune: Commune, village: str | None) -> Turn:
        then = self.then.get(str(_form(ctx).get("then")))
        _close(ctx)
        await self.book.set_place(user_key=ctx.user_key, channel=ctx.msg.channel, commune_id=commune.id,
                                  village=village)
        saved = Reply(texts.PLACE_SAVED.format(place=_place_name(commune, village)))
        if then is None:
            return Turn([saved])
        going_on = await then(ctx)
        return Turn([saved, *going_on.replies])


def _place_name(commune: Commune, village: str | None) -> str:
    return f"{village}, {commune.name}" if village else commune.name


def _form(ctx: Context) -> dict[str, Any]:
    return open_form(ctx.state, NAME)


def _close(ctx: Context) -> None:
    close_form(ctx.state, NAME)
