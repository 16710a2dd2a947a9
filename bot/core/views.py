"""How entries, lists and pages look as channel-neutral replies (text + buttons)."""

from collections.abc import Sequence

from bot.core import texts
from bot.core.actions import Value, act
from bot.core.kinds import kind_of
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.messages import Button, ChannelCaps, Reply
from bot.core.render import citation_line, heading

PAGE_SIZE = 3  # entries per page: with ◀ and ▶ (or 🏠 Menu) a page never shows more than five buttons
MAX_BUTTONS = 5  # under any reply; the rest behind "⋯ Thêm"
SHORT_TITLE = 60  # list items on channels whose buttons show one line (Telegram) or numbered lines (Zalo)
WHOLE_TITLE = 1000  # list items where buttons wrap (the web chat): the whole title


def label_width(caps: ChannelCaps) -> int:
    """How much of a title a list item shows, from what the channel can display."""
    return WHOLE_TITLE if caps.whole_titles else SHORT_TITLE


def main_menu_buttons(extra: Sequence[Button] = ()) -> tuple[Button, ...]:
    """The menu, most used first: the tools flows add come before leaflets and the guide, which wait behind
    "⋯ Thêm" when the five-button limit is reached."""
    return (
        Button(texts.BTN_QA, act("qa")),
        Button(texts.BTN_SCENARIOS, act("sc")),
        *extra,
        Button(texts.BTN_LEAFLETS, act("lf")),
        Button(texts.BTN_GUIDE, act("guide")),
    )


def answer_reply(entry: Entry, kb: KnowledgeBase, extra: Sequence[Button] = (), lang: str | None = None) -> Reply:
    """The short answer, its citation line, and [👍] [👎] [🔊 Nghe] [📖 Xem thêm] [📖 Xem điều luật] [🔊 other
    languages], then the flows' buttons: the clip in the preferred language `lang` (else the first listed) right after
    the feedback buttons."""
    line = citation_line(entry.citations, kb.documents)
    head = f"{heading(entry)}\n\n"
    buttons = [Button(texts.BTN_HELPFUL, act("up", entry.id)), Button(texts.BTN_NOT_HELPFUL, act("dn", entry.id))]
    listen = listen_buttons(entry, kb, lang)
    buttons += listen[:1]
    if has_more(entry, kb):
        buttons.append(Button(texts.BTN_MORE, act("m", entry.id, 1)))
    if entry.citations:
        buttons.append(law_button(entry))
    buttons += listen[1:]
    return Reply(f"{head}{kind_of(entry.kind).chat_text(entry)}\n\n{line}".strip(), tuple(buttons) + tuple(extra))


def law_button(entry: Entry, label: str = "") -> Button:
    """"📖 Xem điều luật": the cited articles verbatim (bot.core.law_view), from page 1."""
    return Button(label or texts.BTN_LAW, act("law", entry.id, 1))


def listen_buttons(entry: Entry, kb: KnowledgeBase, lang: str | None, *, skip: str | None = None) -> list[Button]:
    """One "🔊 Nghe …" button per published clip of the entry, the preferred language first (`skip`: the one
    just played)."""
    clips = sorted(kb.clips_of(entry.id), key=lambda c: c.lang != lang)
    return [Button(kb.languages[c.lang].listen, act("au", entry.id, c.lang)) for c in clips if c.lang != skip]


def suggestion_reply(entries: Sequence[Entry], width: int = 120) -> Reply:
    """'Có phải bạn muốn hỏi:' with one button per candidate (channels without buttons number them)."""
    return Reply(texts.SUGGEST_TITLE, tuple(Button(_short(e.title, width), act("p", e.id)) for e in entries))


def short(label: str, width: int = 60) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


_short = short


def answers_together(entries: Sequence[Entry], kb: KnowledgeBase, extra: Sequence[Button], limit: int,
                     lang: str | None = None) -> Reply | None:
    """Several answers in one message (each under its "❓" line) when they fit the channel's limit; else None."""
    unique = list({e.id: e for e in entries}.values())
    if len(unique) == 1:
        return answer_reply(unique[0], kb, extra, lang)
    body = "\n\n".join(answer_reply(e, kb).text for e in unique)
    if len(body) > limit:
        return None
    first = unique[0]
    buttons = [Button(texts.BTN_HELPFUL, act("up", first.id)), Button(texts.BTN_NOT_HELPFUL, act("dn", first.id))]
    buttons += [Button(texts.BTN_MORE_OF.format(title=short(e.title, 40)), act("m", e.id, 1))
                for e in unique if has_more(e, kb)]
    buttons += [law_button(e, texts.BTN_LAW_OF.format(title=short(e.title, 40))) for e in unique if e.citations]
    for e in unique:
        listen = listen_buttons(e, kb, lang)[:1]
        buttons += [Button(texts.BTN_LISTEN_OF.format(listen=b.label, title=short(e.title, 30)), b.action) for b in listen]
    return Reply(body, tuple(buttons) + tuple(extra))


def with_parts(buttons: Sequence[Button], parts: Sequence[Button]) -> tuple[Button, ...]:
    """An answer's buttons with one "❓ Câu N" button per further question, placed before the less used ones."""
    keep = [b for b in buttons if b.action.startswith(("up:", "dn:"))]
    rest = [b for b in buttons if b not in keep]
    return (*keep, *parts, *rest)


def limit_buttons(buttons: Sequence[Button], priority: Sequence[str]) -> tuple[tuple[Button, ...], tuple[Button, ...]]:
    """At most MAX_BUTTONS: 👍/👎 and the `priority` actions stay, then the first others, then "⋯ Thêm".

    Returns (shown, hidden); the hidden ones are what "⋯ Thêm" shows.
    """
    if len(buttons) <= MAX_BUTTONS:
        return tuple(buttons), ()
    first = [b for b in buttons if b.action.startswith(("up:", "dn:")) or b.action in priority]
    room = MAX_BUTTONS - 1 - len(first)
    others = [b for b in buttons if b not in first]
    shown_others = others[: max(room, 0)]
    shown = [b for b in buttons if b in first or b in shown_others]
    return (*shown, Button(texts.BTN_OVERFLOW, act("more", "x"))), tuple(b for b in others if b not in shown_others)


def topics_reply(kb: KnowledgeBase, title: str, code: str, kinds: set[str]) -> Reply:
    """Top-level topics that hold entries of these kinds (a child topic's entries count for its parent)."""
    buttons = []
    for topic in kb.topics.values():
        if topic.parent is None and entries_in_topic(kb, topic.id, kinds):
            buttons.append(Button(topic.title, act(code, topic.id, 1)))
    return Reply(title, tuple(buttons) + (Button(texts.BTN_MENU, act("menu")),))


def entries_in_topic(kb: KnowledgeBase, topic_id: str, kinds: set[str]) -> list[Entry]:
    family = {topic_id} | {t.id for t in kb.topics.values() if t.parent == topic_id}
    found = [e for e in kb.published() if e.kind in kinds and family & set(e.topics)]
    return sorted(found, key=lambda e: e.title)


def paged_list(title: str, entries: list[Entry], page: int, code: str, *fixed: Value, width: int = SHORT_TITLE) -> Reply:
    """One page of entry buttons (titles cut to `width`); ◀ ▶ are the action `code` with the `fixed` arguments and
    the page number."""
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    chunk = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    buttons = [Button(_short(e.title, width), act("e", e.id)) for e in chunk]
    if page > 1:
        buttons.append(Button(texts.BTN_PREV, act(code, *fixed, page - 1)))
    if page < pages:
        buttons.append(Button(texts.BTN_NEXT.format(page=page + 1, pages=pages), act(code, *fixed, page + 1)))
    if len(buttons) < MAX_BUTTONS:
        buttons.append(Button(texts.BTN_MENU, act("menu")))
    header = texts.TOPIC_PAGE.format(title=title, page=page, pages=pages) if pages > 1 else f"{title}:"
    return Reply(header, tuple(buttons))


# --- "Xem thêm": the long form, split into pages that fit the channel -----------------------------------------------


def _published_related(entry: Entry, kb: KnowledgeBase) -> list[Entry]:
    return [kb.entries[r] for r in entry.related if r in kb.entries and kb.entries[r].status == "published"]


def has_more(entry: Entry, kb: KnowledgeBase) -> bool:
    """Whether "Xem thêm" has anything to show, without building the long form (checked on every answer)."""
    return kind_of(entry.kind).has_more(entry.data) or bool(_published_related(entry, kb))


def _more_body(entry: Entry, kb: KnowledgeBase) -> str:
    """The kind's sections and the related entries (nothing when there is nothing more)."""
    parts = kind_of(entry.kind).long_form(entry)
    related = _published_related(entry, kb)
    if related:
        parts.append(texts.RELATED + "\n" + "\n".join(f"• {r.title}" for r in related))
    return "\n\n".join(p for p in parts if p)


def more_pages(entry: Entry, kb: KnowledgeBase, limit: int) -> list[str]:
    """The long form in pages that fit the channel, each ending with the citation line: whichever page a mediator
    reads (or forwards), it says which articles it rests on."""
    body = _more_body(entry, kb)
    if not body:
        return []
    line = citation_line(entry.citations, kb.documents)
    room = limit - len(line) - len(texts.MORE_PAGE) - 50  # the page marker and its numbers, the blank lines
    chunks = split_pages(body, max(room, limit // 2))
    if len(chunks) == 1:
        return [f"{chunks[0]}\n\n{line}"]
    return [f"{chunk}\n{texts.MORE_PAGE.format(page=n, pages=len(chunks))}\n\n{line}"
            for n, chunk in enumerate(chunks, 1)]


def split_pages(text: str, limit: int) -> list[str]:
    """Split at paragraph, then line, then word boundaries so that no page exceeds `limit` characters."""
    if not text:
        return []
    pages: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        candidate = f"{current}\n{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
        else:
            pages.append(current)
            current = piece
    if current:
        pages.append(current)
    return pages


def _pieces(text: str, limit: int) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            out.append(line[:cut])
            line = line[cut:].lstrip()
        out.append(line)
    return out


def more_reply(entry: Entry, kb: KnowledgeBase, page: int, limit: int, width: int = SHORT_TITLE) -> Reply | None:
    pages = more_pages(entry, kb, limit)
    if not pages:
        return None
    page = min(max(page, 1), len(pages))
    text = pages[page - 1]
    nav = []
    if page > 1:
        nav.append(Button(texts.BTN_PREV, act("m", entry.id, page - 1)))
    if page < len(pages):
        nav.append(Button(texts.BTN_NEXT.format(page=page + 1, pages=len(pages)), act("m", entry.id, page + 1)))
    last = page == len(pages)
    related = [Button(_short(r.title, width), act("e", r.id)) for r in _published_related(entry, kb)][:3] if last else []
    return Reply(text, tuple(nav + related))
