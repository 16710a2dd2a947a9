"""Every button action, in one table: its code, its typed arguments, and who owns it.

A button carries an action string such as "m:thu-lao-hoa-giai-vien:2" (Telegram allows 64 bytes of it). Every press
is parsed here, once: an unknown code, a wrong number of arguments or an argument of the wrong type (e.g.
"c:rate:abc:5", "m:x:y:z") gives None, and the dialogue answers with one polite refusal and the main menu, never an
exception. Buttons are built with `act(code, *args)`, which checks them against the same table (a test walks the
menus and presses every button), so every button the bot sends can be parsed back. The formats are part of the chat
histories users keep: an action string already sent must keep parsing the same way.

`owner` routes a parsed action: "dialogue" (menus, answers, feedback), a flow's name (its buttons), or "staff" (the
case cards in the staff chats, read by the doors' staff handlers and never by the mediators' dialogue).
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

Value = str | int

DIALOGUE = "dialogue"
STAFF = "staff"


@dataclass(frozen=True)
class Arg:
    """An argument type: its name (for messages) and how one text part is read; None when it is malformed."""

    name: str
    read: Callable[[str], Value | None]


def _pattern(name: str, regex: str, *, empty: bool = False) -> Arg:
    compiled = re.compile(regex)
    return Arg(name, lambda part: part if (empty and part == "") or compiled.fullmatch(part) else None)


def _number(low: int, high: int) -> Arg:
    def read(part: str) -> int | None:
        if not part.isascii() or not part.isdigit() or len(part) > 9:
            return None
        value = int(part)
        return value if low <= value <= high else None

    return Arg(f"{low}..{high}", read)


def _choice(*values: str) -> Arg:
    return Arg("|".join(values), lambda part: part if part in values else None)


ID = _pattern("id", r"[a-z0-9]+(?:-[a-z0-9]+)*")  # entry, template and scope-node ids (validated slugs)
KEY = _pattern("key", r"[A-Za-z0-9_.-]{1,64}")  # topic ids and reason codes (read from data files as written)
OPTIONAL_KEY = _pattern("key?", r"[A-Za-z0-9_.-]{1,64}", empty=True)  # "c:topic:" = "Loại khác"
COUNT = _number(0, 999_999_999)  # pages, steps, choices, case ids
PAGE = _number(1, 999_999)
LAW_PAGE = _number(1, 99)  # "law:<id>:<page>": 4 + 56 + 1 + 2 bytes stay within Telegram's 64
STARS = _number(1, 5)
YES_NO = _choice("y", "n")
CHOICE = _number(1, 4)  # a quiz item's choice
STEP = _number(0, 99)  # a question's place in a practice round
HOUR = _number(0, 23)
LANG = _pattern("lang", r"[a-z]{2,3}")  # a language code of knowledge/languages.yaml


@dataclass(frozen=True)
class ActionSpec:
    code: str  # one part ("m") or a namespace and a verb ("c:rate")
    args: tuple[Arg, ...]
    owner: str


@dataclass(frozen=True)
class Action:
    """A parsed button press: which spec, and its arguments already converted to their types."""

    spec: ActionSpec
    args: tuple[Value, ...]

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def owner(self) -> str:
        return self.spec.owner

    def text(self, index: int) -> str:
        value = self.args[index]
        assert isinstance(value, str), (self.code, index)
        return value

    def number(self, index: int) -> int:
        value = self.args[index]
        assert isinstance(value, int), (self.code, index)
        return value


def _spec(code: str, owner: str, *args: Arg) -> ActionSpec:
    return ActionSpec(code, args, owner)


TABLE: tuple[ActionSpec, ...] = (
    # -- the dialogue: menus, lists, answers, feedback, erasing ----------------------------------------------------
    _spec("menu", DIALOGUE),
    _spec("guide", DIALOGUE),
    _spec("qa", DIALOGUE),  # Q&A topics
    _spec("sc", DIALOGUE),  # scenario topics
    _spec("lf", DIALOGUE),  # leaflets
    _spec("sk", DIALOGUE),  # skits
    _spec("t", DIALOGUE, KEY, PAGE),  # a Q&A topic, one page of it
    _spec("st", DIALOGUE, KEY, PAGE),  # a scenario topic, one page of it
    _spec("lfp", DIALOGUE, PAGE),  # a page of the leaflets
    _spec("skp", DIALOGUE, PAGE),  # a page of the skits
    _spec("e", DIALOGUE, ID),  # show an entry
    _spec("p", DIALOGUE, ID),  # pick a suggestion
    _spec("q", DIALOGUE, _number(2, 3)),  # "❓ Câu 2": the next question of the last message
    _spec("more", DIALOGUE, KEY),  # "⋯ Thêm": the buttons that did not fit under a recent reply
    _spec("m", DIALOGUE, ID, PAGE),  # "Xem thêm": a page of the long form
    _spec("law", DIALOGUE, ID, LAW_PAGE),  # "📖 Xem điều luật": a page of the cited articles' text
    _spec("up", DIALOGUE, ID),  # 👍
    _spec("dn", DIALOGUE, ID),  # 👎
    _spec("r", DIALOGUE, KEY),  # the reason after 👎
    _spec("skip", DIALOGUE),  # no comment
    _spec("xoa", DIALOGUE, YES_NO),  # erase my data: yes / no
    # -- escalation to a justice officer (bot.core.escalation) ------------------------------------------------------
    _spec("chuyen", "escalation"),
    _spec("c:urgent", "escalation"),  # "🆘 Hỏi cán bộ" under the emergency block: the case is flagged urgent
    _spec("c:topic", "escalation", OPTIONAL_KEY),
    _spec("c:commune", "escalation"),
    _spec("c:attach", "escalation", YES_NO),
    _spec("c:add", "escalation", COUNT),
    _spec("c:rate", "escalation", COUNT, STARS),
    # -- "Có hòa giải được không?" (bot.core.scope) -------------------------------------------------------------------
    _spec("k", "scope", ID),
    # -- paperwork (bot.core.paperwork) --------------------------------------------------------------------------------
    _spec("v:menu", "paperwork"),
    _spec("v:d", "paperwork", ID),
    _spec("v:cancel", "paperwork"),
    _spec("v:skip", "paperwork", COUNT),
    _spec("v:c", "paperwork", COUNT, COUNT),
    # -- training: practice rounds and progress (bot.core.practice) ---------------------------------------------------
    _spec("o:menu", "practice"),
    _spec("o:mix", "practice"),  # a round across topics
    _spec("o:topics", "practice"),
    _spec("o:t", "practice", KEY),  # a round on one topic
    _spec("o:a", "practice", COUNT, STEP, CHOICE),  # an answer: round, step, choice
    _spec("o:n", "practice", COUNT, STEP),  # go on to the question at this step of this round
    _spec("o:p", "practice"),  # progress
    # -- the daily question (bot.core.daily_flow) ----------------------------------------------------------------------
    _spec("o:daily", "daily"),  # status, or ask the hour
    _spec("o:hours", "daily"),  # ask the hour
    _spec("o:h", "daily", HOUR),
    _spec("o:stop", "daily"),
    _spec("o:d", "daily", ID, CHOICE),  # an answer to a daily question: item, choice
    # -- where a mediator serves, /coso (bot.core.place) ---------------------------------------------------------------
    _spec("cs:c", "place", ID),  # a commune
    _spec("cs:v", "place", COUNT),  # a village of the chosen commune, by index
    _spec("cs:retype", "place"),
    _spec("cs:skip", "place"),  # no village
    # -- contests, /thi CODE (bot.core.contest_flow) --------------------------------------------------------------------
    _spec("thi:go", "contest", COUNT),  # the next question of contest N
    _spec("thi:a", "contest", COUNT, COUNT, CHOICE),  # an answer: contest, position, choice
    # -- recorded answers and the preferred language (bot.core.listen) -------------------------------------------------
    _spec("au", "listen", ID, LANG),  # "🔊 Nghe": an entry's clip in one language (63 bytes with the longest id)
    _spec("ngonngu", "listen"),  # choose the preferred language
    _spec("nn:set", "listen", LANG),
    # -- a voice message from a mediator, sent on to the staff desk only when confirmed (bot.core.voice_in) -------------
    _spec("vq:send", "voice", COUNT),
    _spec("vq:drop", "voice", COUNT),
    _spec("v:back", "paperwork", COUNT),  # "◀ Sửa mục trước" pressed at a step
    _spec("v:keep", "paperwork", COUNT),  # keep a name typed without diacritics
    _spec("v:edit", "paperwork", COUNT),  # "Sửa mục N" on the review
    _spec("v:make", "paperwork"),  # "✅ Tạo văn bản" on the review
    # -- the mediation logbook (bot.core.logbook_flow) ------------------------------------------------------------------
    _spec("lb:new", "logbook"),  # 📒 Ghi sổ: a new record
    _spec("lb:pre", "logbook"),  # a new record pre-filled from the document just made with /vanban
    _spec("lb:cancel", "logbook"),
    _spec("lb:d", "logbook", _number(0, 1)),  # the case's day: today (0) or yesterday (1)
    _spec("lb:k", "logbook", ID),  # a kind of dispute of logbook.yaml
    _spec("lb:s", "logbook", ID),  # how the case started (Art. 16)
    _spec("lb:r", "logbook", ID),  # the result (any but the success one)
    _spec("lb:rw", "logbook", YES_NO),  # the success result, with (y) or without (n) a văn bản hòa giải thành
    _spec("lb:w", "logbook", YES_NO),  # a văn bản hòa giải thành was made (✏️ Sửa of that field alone)
    _spec("lb:dl", "logbook", _number(0, 366)),  # the deadline, days after the case (0: none)
    _spec("lb:skip", "logbook"),  # no summary / no difficulty
    _spec("lb:list", "logbook", PAGE),  # a page of the user's records
    _spec("lb:v", "logbook", COUNT),  # one record
    _spec("lb:edit", "logbook", COUNT),  # which field to change
    _spec("lb:e", "logbook", COUNT, _choice("date", "kind", "start", "result", "written", "deadline", "summary",
                                            "difficulty")),
    _spec("lb:del", "logbook", COUNT),  # ask to delete
    _spec("lb:dely", "logbook", COUNT),  # delete
    _spec("lb:rem", "logbook", COUNT, YES_NO),  # remind me to follow the agreement / stop
    _spec("lb:p", "logbook", COUNT, _choice("done", "ongoing", "not")),  # the answer to a reminder
    # -- a team leader's report, /sotodoi (bot.core.team_flow) ---------------------------------------------------------
    _spec("td:y", "team", _number(2000, 2999)),  # the report of a calendar year (to date for the current one)
    _spec("td:h", "team"),  # the last six months
    # -- case cards in the staff chats ---------------------------------------------------------------------------------
    _spec("s:take", STAFF, COUNT),
    _spec("s:close", STAFF, COUNT),
)

SPECS: dict[str, ActionSpec] = {spec.code: spec for spec in TABLE}
# A namespace ("c", "v", "s") is never a code itself, so "k:take" can only mean code "k" with argument "take".
_NAMESPACES = {code.split(":")[0] for code in SPECS if ":" in code}
assert len(SPECS) == len(TABLE) and not _NAMESPACES & set(SPECS), "action codes must be unique and unambiguous"


def parse(raw: str) -> Action | None:
    """The action a button carries, or None when it is unknown or malformed."""
    parts = raw.split(":")
    namespaced = ":".join(parts[:2]) if parts[0] in _NAMESPACES and len(parts) >= 2 else None
    spec = SPECS.get(namespaced) if namespaced is not None else SPECS.get(parts[0])
    if spec is None:
        return None
    given = parts[len(spec.code.split(":")):]
    if len(given) != len(spec.args):
        return None
    values: list[Value] = []
    for arg, part in zip(spec.args, given, strict=True):
        value = arg.read(part)
        if value is None:
            return None
        values.append(value)
    return Action(spec, tuple(values))


def act(code: str, *args: Value) -> str:
    """The action string for a button. One that `parse` would not read back (e.g. a topic id with a space, from a
    hand-edited file) is logged: pressing it gets the polite refusal, but the message itself still goes out."""
    raw = ":".join([code, *map(str, args)])
    if parse(raw) is None:
        logger.warning("button action %r does not match the action table", raw)
    return raw
