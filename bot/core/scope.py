""""Có hòa giải được không?": a guided check that walks the scope tree one question at a time.

Stateless on purpose: every button carries the id of the node it leads to ("k:<node>"), so a conversation needs no
stored state, survives restarts, and a button from a tree an editor has since changed simply says it is out of date.
Free text typed meanwhile is an ordinary question for search. The question on screen is remembered only so that,
after an emergency block, it can be asked again (its buttons may no longer be pressable on the web page).
"""

from collections.abc import Sequence
from typing import Any

from bot.core import texts
from bot.core.actions import Action, act
from bot.core.context import Context, Flow
from bot.core.messages import Button, Reply, Turn
from bot.core.render import detailed_citation_line
from bot.core.scope_tree import ScopeNode, ScopeTree

START = "start"
ESCALATION_FLOW = "escalation"


class ScopeFlow:
    name = "scope"
    commands: Sequence[str] = ("/kiemtra",)
    menu_buttons: Sequence[Button] = (Button(texts.BTN_SCOPE, act("k", START)),)
    answer_buttons: Sequence[Button] = ()

    def __init__(self, peers: Sequence[Flow] = ()) -> None:
        """`peers`: the dialogue's flows (read at answer time), to offer escalation only once a flow handles it."""
        self.peers = peers

    async def command(self, ctx: Context, command: str) -> Turn:
        """/kiemtra: the first question."""
        return self._show(ctx, START)

    async def action(self, ctx: Context, action: Action) -> Turn:
        """A pressed answer ("k:<node>"): the node it leads to."""
        return self._show(ctx, action.text(0))

    async def text(self, ctx: Context, text: str) -> Turn | None:
        """Typed text leaves the check: it is a question for search."""
        self._leave(ctx)
        return None

    async def after_danger(self, ctx: Context, text: str) -> Turn:
        """After the emergency block: the question that was on screen, again."""
        form = ctx.state.get("form") or {}
        return self._show(ctx, str(form.get("node") or START))

    def _leave(self, ctx: Context) -> None:
        if ctx.state.get("flow") == self.name:
            ctx.state.pop("flow", None)
            ctx.state.pop("form", None)

    def _show(self, ctx: Context, node_id: str) -> Turn:
        tree: ScopeTree | None = ctx.kb.scope_tree
        if tree is None:
            return Turn([Reply(texts.SCOPE_UNAVAILABLE, (Button(texts.BTN_MENU, act("menu")),))])
        node = tree.nodes.get(tree.root if node_id == START else node_id)
        if node is None:
            return Turn([Reply(texts.EXPIRED_BUTTON, (Button(texts.BTN_SCOPE_AGAIN, act("k", START)),))])
        documents = ctx.kb.documents
        if node.is_leaf:
            self._leave(ctx)
            return Turn([self._verdict(node, documents)])
        if ctx.state.get("flow") in (None, self.name):  # never displaces another open form
            ctx.state["flow"], ctx.state["form"] = self.name, {"node": node_id}
        body = f"{node.text}\n\n{detailed_citation_line(node.citations, documents)}"
        if node_id == START:
            body = f"{texts.SCOPE_INTRO}\n\n{body}"
        return Turn([Reply(body, tuple(Button(c.label, act("k", c.next)) for c in node.choices))])

    def _verdict(self, node: ScopeNode, documents: Any) -> Reply:
        """The verdict line, the next steps, the deciding articles; the escalation button when unsure."""
        parts = [texts.SCOPE_VERDICTS[node.verdict or "chua-ro"], node.text, detailed_citation_line(node.citations, documents)]
        buttons = [Button(texts.BTN_SCOPE_AGAIN, act("k", START)), Button(texts.BTN_MENU, act("menu"))]
        if node.verdict == "chua-ro" and any(f.name == ESCALATION_FLOW for f in self.peers):
            parts.append(texts.SCOPE_ESCALATE_HINT)
            buttons.insert(0, Button(texts.BTN_ESCALATE, act("chuyen")))
        return Reply("\n\n".join(parts), tuple(buttons))
