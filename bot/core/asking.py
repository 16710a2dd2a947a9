"""Whether a sentence of a message asks something or only tells the story.

Real askers write "… có được hỗ trợ không?", but also "mấy năm nay nhà bên cứ chửi sang.", "ai cũng biết mốc cũ ở
đâu." or "xin hỏi: bản tôi có một hòa giải viên hay say rượu." — sentences that hold a question word without asking.
Typed without marks, everyday words fold to question words ("lần đầu" -> "đâu", "2 sào" -> "sao"). The rules here
decide, sentence by sentence; `query.split_parts` uses them to find a message's questions.
"""

import re

from bot.core.normalize import fold

WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Folded phrases that make a clause a question wherever they stand ("bao nhiêu", "như thế nào", "cho hỏi" …).
_QUESTION_PHRASES = (
    "bao nhieu", "bao lau", "the nao", "lam sao", "lam gi", "tai sao", "vi sao", "khi nao", "bao gio", "o dau",
    "co phai", "xin hoi", "cho hoi", "em hoi", "toi hoi", "minh hoi", "hay khong", "duoc khong", "phai khong",
    "co duoc", "co nen", "la ai", "ai la", "la gi", "gi khong", "nao khong", "can gi", "ra sao", "the nao",
    "may nguoi", "may ngay", "may lan", "may thang", "may nam", "may tuoi", "may ng", "may buoc", "may loai",
    "may cach", "may truong hop", "co khong", "duoc ko", "duoc k", "dc ko", "dc k", "dc khong", "ntn", "bn",
    "phai lam", "nen lam", "thi sao",
)
# Folded words that make a clause a question when they end it ("… có được hỗ trợ không", "… chưa ạ").
_QUESTION_ENDINGS = frozenset((
    "khong", "ko", "k", "kg", "khg", "hok", "hong", "chua", "gi", "j", "nao", "sao", "dau", "ai",
))
_TRAILING = frozenset((
    "a", "ak", "ah", "nhe", "nha", "nhi", "vay", "the", "ha", "oi", "ad", "admin", "voi", "em", "minh", "chau",
    "toi", "anh", "chi", "thanks", "cam", "on",
))
# Question words and phrases whose folded form is also an everyday word typed with other marks: "lần đầu" (first),
# "ở đầu bản" (at the top of the village), "3 sào" (a field measure), "nao núng". In a sentence typed with marks they
# ask only in these forms.
_MARKED_ENDINGS = {"dau": "đâu", "sao": "sao", "nao": "nào", "ai": "ai", "gi": "gì", "chua": "chưa"}
_MARKED_PHRASES = {"o dau": "ở đâu", "co duoc": "có được", "co phai": "có phải", "co nen": "có nên", "co khong": "có không"}


def is_question(sentence: str, telling: bool = True) -> bool:
    """A sentence asks something: it ends with "?", ends with a question word, or holds a question phrase (with
    `telling`, not one that only tells: `_tells`)."""
    if sentence.rstrip().endswith("?"):
        return True
    words = WORD.findall(sentence.lower())
    folded = [fold(w) for w in words]
    marked = fold(sentence) != sentence.lower()
    padded = f" {' '.join(folded)} "
    as_typed = f" {' '.join(words)} "
    told = sentence.rstrip().endswith(".")
    clauses = f" {' | '.join(' '.join(WORD.findall(fold(c))) for c in re.split(r'[,;:]', sentence.lower()))} "
    for cue in _QUESTION_PHRASES:
        if f" {cue} " not in padded or _negated(padded, cue):
            continue
        if marked and cue in _MARKED_PHRASES and f" {_MARKED_PHRASES[cue]} " not in as_typed:
            continue
        if telling and (f" {cue} " not in clauses  # a phrase across a comma: "…ngày nào, không trả sổ"
                        or _tells(folded, len(padded[: padded.index(f" {cue} ")].split()), cue.split(), told)):
            continue
        return True
    if telling and _POLITE_ASK.search(clauses):  # "…thì còn thời hiệu không ạ, hay hết 30 năm là…"
        return True
    core = _without_trailing(folded)
    if not core or core[-1] not in _QUESTION_ENDINGS:
        return False
    if telling and _tells(folded, len(core) - 1, core[-1:], told):
        return False
    last = words[len(core) - 1]
    return not (marked and core[-1] in _MARKED_ENDINGS and last != core[-1] and last != _MARKED_ENDINGS[core[-1]])


# "không ạ", "chưa ạ" closing a clause ask, even when the sentence goes on after a comma
_POLITE_ASK = re.compile(r" (?:khong|ko|k|chua) (?:a|ah|ak) \|")
_WANTING = ("muon", "can", "cho", "duoc", "xin")  # "muốn biết", "cho biết": asking to know, not knowing
_KNOWING = frozenset(("biet",))
_SINCE = frozenset(("truoc", "nay", "roi", "qua", "lien", "sau"))  # "mấy năm nay", "mấy hôm trước": a time
_ASKED = frozenset(("em hoi", "toi hoi", "minh hoi"))  # "em hỏi thì bị đánh": when I asked
_WHEN = frozenset(("khi nao", "bao gio"))  # "khi nào có thì trả": whenever
_IDLE = frozenset(("bo", "de", "o", "ngoi", "tay"))  # "bỏ không", "ở không": idle, empty
_DUTY = frozenset(("phai lam", "nen lam"))  # "phải làm lại mất 3 triệu": a duty told, not asked
# "ở đầu mương", "ở đầu bản" typed without marks read "ở đâu" followed by a place: the head of it
_PLACES = frozenset(("muong", "ban", "ngo", "nguon", "lang", "xom", "doi", "suoi", "duong", "cau", "thon", "bai",
                     "ruong", "nuong", "ao", "song", "khe", "nha", "doc", "hem", "pho"))


def _tells(folded: list[str], at: int, cue: list[str], told: bool) -> bool:
    """Whether a question phrase or closing question word (`cue`, starting at word `at`) only tells: "mấy năm
    nay", "mấy hôm trước" say when; and in a sentence closed by a full stop, "mấy ngày mới qua cơn nguy hiểm"
    counts, a question word after "biết" is what someone knows ("ai cũng biết mốc cũ ở đâu", "chưa biết giá đền
    bù có đúng không"), "bao giờ" or "làm gì" after a negation mean ever or nothing ("chưa vay bao giờ", "không làm
    gì được"), "khi nào … thì" means whenever, "em hỏi thì bị đánh" tells what happened, "bỏ không" means empty,
    "không sao" means all is well, "phải làm lại" tells a duty; "ở đầu mương" and "2 kg" typed without marks are
    a place and a weight wherever they stand."""
    phrase = " ".join(cue)
    after = folded[at + len(cue):]
    before = folded[:at]
    if phrase.startswith("may ") and after[:1] and after[0] in _SINCE:
        return True
    if (phrase == "o dau" and after[:1] and after[0] in _PLACES) or \
            (phrase in ("kg", "k") and before[-1:] and (before[-1] == "may" or before[-1].isdigit())):
        return True  # "ở đầu mương", "2 kg", "mấy kg"
    if not told:
        return False
    knows = any(w in _KNOWING and (i == 0 or before[i - 1] not in _WANTING) for i, w in enumerate(before))
    negated = phrase in ("bao gio", "lam gi") and any(w in _NEGATIONS for w in before)
    whenever = phrase in _WHEN and bool({"thi", "se"} & set(after[1:]))
    return (phrase.startswith("may ") or knows or negated or whenever or phrase in _DUTY
            or (phrase in _ASKED and "thi" in after[:2])
            or (phrase == "khong" and bool(before) and before[-1] in _IDLE)
            or (phrase == "sao" and bool(before) and before[-1] in _NEGATIONS))  # "không sao": it is fine


def _without_trailing(folded: list[str]) -> list[str]:
    """The folded words without the particles and address words that close a sentence ("… không ạ", "… gì vậy")."""
    end = len(folded)
    while end and folded[end - 1] in _TRAILING:
        end -= 1
    return folded[:end]


# Negation words: after one of them "bao giờ" means "ever" ("chưa bao giờ được cấp sổ"), not "when".
_NEGATIONS = ("khong", "ko", "chua", "chang", "cha", "k")
# Question words that, ending a sentence with a negation before them, say "no one" / "nothing" ("không ai
# tranh chấp gì.") rather than ask.
_INDEFINITE = frozenset(("gi", "ai", "dau", "nao", "j"))


def _negated(padded: str, cue: str) -> bool:
    """Every "bao giờ" of the sentence follows a negation ("chưa bao giờ", "không bao giờ"): it says "ever"."""
    if cue != "bao gio":
        return False
    for neg in _NEGATIONS:
        padded = padded.replace(f" {neg} {cue} ", " ")
    return f" {cue} " not in padded


def is_statement(sentence: str) -> bool:
    """A sentence closed by a full stop whose last question word follows a negation ("Anh em đã thống nhất,
    không ai tranh chấp gì.", "đã có sổ đỏ, không tranh chấp với ai."): it tells, it does not ask. Only
    used when the message asks something elsewhere, so a lone question typed with a full stop is still read."""
    if not sentence.rstrip().endswith("."):
        return False
    core = _without_trailing(WORD.findall(fold(sentence)))
    return bool(core) and core[-1] in _INDEFINITE and any(w in _NEGATIONS for w in core[:-1])


# Words that ask without naming a matter ("trường hợp này vi phạm như thế nào", "theo luật xử lý ra sao").
_NO_MATTER = frozenset((
    "truong", "hop", "nay", "vi", "pham", "phap", "luat", "quy", "dinh", "theo", "the", "nao", "nhu", "vay", "sao",
    "xu", "ly", "giai", "quyet", "o", "dau", "bao", "gio", "nhieu", "can", "gi", "lam", "ai", "nguoi", "nen", "co",
    "duoc", "khong", "ko", "k", "phai", "minh", "toi", "em", "chung", "neu", "thi", "tiep", "sau", "do", "ra",
))


def names_no_matter(question: str) -> bool:
    """A question whose every word only asks ("Xin hỏi trường hợp này vi phạm như thế nào"): its matter is in the
    question it is joined to, so the two are not separated."""
    return all(w in _NO_MATTER or w in FRAGMENT_WORDS for w in WORD.findall(fold(question)))


_ANNOUNCING = ("xin hoi", "cho hoi", "em hoi", "toi hoi", "minh hoi")


def only_announces(sentence: str) -> bool:
    """A sentence that reads as a question only because it says "xin hỏi", "cho hỏi" … ("xin hỏi: bản tôi có một
    hòa giải viên hay say rượu.", "Chào chuyên mục, tôi xin hỏi hộ bà cụ hàng xóm.") announces a question that comes
    later: it tells the story."""
    padded = f" {' '.join(WORD.findall(fold(sentence)))} "
    if sentence.rstrip().endswith("?") or not any(f" {cue} " in padded for cue in _ANNOUNCING):
        return False
    for cue in _ANNOUNCING:
        padded = padded.replace(f" {cue} ", " ")
    return not is_question(padded.strip())


FRAGMENT_WORDS = frozenset((
    "a", "ak", "ah", "vay", "the", "sao", "vi", "tai", "khong", "ko", "k", "co", "duoc", "dung", "phai", "chua",
    "gi", "j", "nao", "nhe", "nha", "oi", "xin", "hoi", "cho", "em", "toi", "minh", "la", "lam", "ntn", "nhu", "ra",
    "ha", "hay",
))
