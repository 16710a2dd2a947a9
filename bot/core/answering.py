"""Answering questions in the chat: every question of a message searched (off the event loop), logged, and answered
together when the answers fit one message of the channel, else the first in full and a "❓ Câu N" button for each
further one; suggestions when two or three entries fit; an honest "not in what I know" when nothing does."""

import time
from dataclasses import replace

from bot.core import texts, views
from bot.core.actions import act
from bot.core.context import Context
from bot.core.knowledge import KnowledgeBase
from bot.core.messages import Button, Reply, Turn
from bot.core.privacy import mask_personal
from bot.core.render import hit_json
from bot.core.search import Outcome


async def ask(ctx: Context, text: str) -> Turn:
    """Search every question of the message (at most three) and answer them, the first in full."""
    started = time.perf_counter()
    snapshot, outcomes = await ctx.service.search_parts(text)
    latency = (time.perf_counter() - started) * 1000
    ids = []
    for outcome in outcomes:
        top = outcome.hits[0] if outcome.hits else None
        ids.append(await ctx.store.log_question(
            channel=ctx.msg.channel, user_key=ctx.user_key,
            text=text if len(outcomes) == 1 else outcome.query, normalized=outcome.normalized,
            outcome=outcome.kind, top_id=top.entry.id if top else None, top_score=top.score if top else None,
            latency_ms=latency,
        ))
    ctx.state.pop("await", None)
    ctx.state.pop("await_", None)
    ctx.state.pop("suggest", None)
    ctx.state.pop("parts", None)
    ctx.state.update({"last_question": ids[0], "last_text": mask_personal(text)[:500]})  # stored: masked
    first = outcomes[0]
    results = [hit_json(h) for h in first.hits] if first.kind != "none" else []
    rest = outcomes[1:]
    if rest and all(o.kind == "answer" for o in outcomes):
        together = views.answers_together([o.hits[0].entry for o in outcomes], snapshot.knowledge,
                                          ctx.extra_buttons, ctx.msg.limit, ctx.state.get("lang"))
        if together is not None:
            ctx.state["last_answer"] = first.hits[0].entry.id
            return Turn([together], first.kind, results)
    replies = part_replies(ctx, snapshot.knowledge, snapshot.index.config.max_suggestions, first)
    if rest:
        ctx.state["parts"] = [{"q": mask_personal(o.query), "id": qid} for o, qid in zip(rest, ids[1:], strict=True)]
        part_buttons = tuple(Button(texts.BTN_PART.format(n=i, q=views.short(o.query, 40)), act("q", i))
                             for i, o in enumerate(rest, 2))
        replies[-1] = replace(replies[-1], buttons=views.with_parts(replies[-1].buttons, part_buttons))
    return Turn(replies, first.kind, results)

def part_replies(ctx: Context, kb: KnowledgeBase, max_suggestions: int, outcome: Outcome) -> list[Reply]:
    """The reply to one question: its answer, a short list of suggestions, or an honest "not in what I know"."""
    top = outcome.hits[0] if outcome.hits else None
    if outcome.kind == "answer" and top:
        ctx.state["last_answer"] = top.entry.id
        return [views.answer_reply(top.entry, kb, ctx.extra_buttons, ctx.state.get("lang"))]
    if outcome.kind == "suggest":
        entries = [h.entry for h in outcome.hits[:max_suggestions]]
        ctx.state["suggest"] = [e.id for e in entries]
        return [views.suggestion_reply(entries, max(120, views.label_width(ctx.msg.caps)))]
    return [Reply(texts.NONE_FOUND, (*ctx.extra_buttons, Button(texts.BTN_MENU, act("menu"))))]

async def ask_part(ctx: Context, n: int) -> Turn:
    """"❓ Câu 2: …" pressed: answer that question of the earlier message."""
    parts = ctx.state.get("parts") or []
    if not 2 <= n <= len(parts) + 1:
        return Turn([Reply(texts.EXPIRED_BUTTON)])
    part = parts[n - 2]
    snapshot, outcomes = await ctx.service.search_parts(part["q"])
    ctx.state["last_question"] = int(part["id"])
    outcome = outcomes[0]
    replies = part_replies(ctx, snapshot.knowledge, snapshot.index.config.max_suggestions, outcome)
    return Turn(replies, outcome.kind, [hit_json(h) for h in outcome.hits] if outcome.kind != "none" else [])
