"""Reading a real message before search: which sentences ask something, which only tell the story, which words
are names, and how many separate questions the message holds.

People write to a mediator the way they write to a newspaper's legal column: a greeting, a story with names,
dates and amounts, then one or two questions ("… có được hỗ trợ không? Và nếu … thì sao?"). Search weighs the
words of the question more than the words of the story, drops the names, and answers each question separately.
"""

import re
import unicodedata
from dataclasses import dataclass

from bot.core.normalize import fold

MAX_PARTS = 3

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
# Words that join two questions inside one sentence ("… bao nhiêu và ai trả?"). Typed without marks, "còn" is
# "con" (a child): there it joins only after a comma and not before a word that makes it a child ("…, con ai trả"
# but not "…, con riêng của mẹ kế"); in a sentence with marks never.
_JOINERS = re.compile(r"(\s*[,;]?\s+(?:và|va|còn|đồng thời|dong thoi|ngoài ra|ngoai ra|hoặc|hoac|với lại|voi lai)\s+)",
                      re.IGNORECASE)
_CHILD_AFTER_CON = "rieng|gai|trai|cai|chau|dau|re|nuoi|de|ruot|nho|ut|so"
_PLAIN_JOINERS = re.compile(rf"({_JOINERS.pattern[1:-1]}|\s*[,;]\s*con\s+(?!(?:{_CHILD_AFTER_CON})\b))", re.IGNORECASE)
_ENUM = re.compile(r"(?:^|\s)(?:\(?\d\)|\d[.)]|câu \d+[:.)]?|cau \d+[:.)]?|thứ (?:nhất|hai|ba)[,:]?|thu (?:nhat|hai|ba)[,:]?)\s",
                   re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[?!.;…\n])\s*|(?<=\?)")
_TITLES = frozenset(("ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cháu", "cụ", "thím", "dì", "cậu", "mợ",
                     "dượng", "bản", "xã", "thôn", "xóm", "làng", "ấp", "buôn", "phường", "huyện", "tỉnh", "họ",
                     "nhà", "con", "vợ", "chồng", "mẹ", "bố", "cha"))
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Part:
    """One question of a message: its own words (`question`) and the story around it (`context`)."""

    question: str
    context: str = ""

    @property
    def text(self) -> str:
        return self.question


def split_sentences(text: str) -> list[str]:
    """Sentences (a question mark always ends one); enumerations ("1)", "câu 2:") start a new one."""
    text = unicodedata.normalize("NFC", text)
    text = _ENUM.sub(lambda m: "\n" + m.group(0).lstrip(), text)
    pieces = re.split(r"(?<=[?!;…\n])|(?<=[.])(?=\s)", text)
    return [p.strip(" \t\n-–•*") for p in pieces if p and p.strip(" \t\n-–•*.?!;")]


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
    words = _WORD.findall(sentence.lower())
    folded = [fold(w) for w in words]
    marked = fold(sentence) != sentence.lower()
    padded = f" {' '.join(folded)} "
    as_typed = f" {' '.join(words)} "
    told = sentence.rstrip().endswith(".")
    clauses = f" {' | '.join(' '.join(_WORD.findall(fold(c))) for c in re.split(r'[,;:]', sentence.lower()))} "
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
    core = _without_trailing(_WORD.findall(fold(sentence)))
    return bool(core) and core[-1] in _INDEFINITE and any(w in _NEGATIONS for w in core[:-1])


# Words that ask without naming a matter ("trường hợp này vi phạm như thế nào", "theo luật xử lý ra sao").
_NO_MATTER = frozenset((
    "truong", "hop", "nay", "vi", "pham", "phap", "luat", "quy", "dinh", "theo", "the", "nao", "nhu", "vay", "sao",
    "xu", "ly", "giai", "quyet", "o", "dau", "bao", "gio", "nhieu", "can", "gi", "lam", "ai", "nguoi", "nen", "co",
    "duoc", "khong", "ko", "k", "phai", "minh", "toi", "em", "chung", "neu", "thi", "tiep", "sau", "do", "ra",
))


def _names_no_matter(question: str) -> bool:
    """A question whose every word only asks ("Xin hỏi trường hợp này vi phạm như thế nào"): its matter is in the
    question it is joined to, so the two are not separated."""
    return all(w in _NO_MATTER or w in _FRAGMENT_WORDS for w in _WORD.findall(fold(question)))


_ANNOUNCING = ("xin hoi", "cho hoi", "em hoi", "toi hoi", "minh hoi")


def _only_announces(sentence: str) -> bool:
    """A sentence that reads as a question only because it says "xin hỏi", "cho hỏi" … ("xin hỏi: bản tôi có một
    hòa giải viên hay say rượu.", "Chào chuyên mục, tôi xin hỏi hộ bà cụ hàng xóm.") announces a question that comes
    later: it tells the story."""
    padded = f" {' '.join(_WORD.findall(fold(sentence)))} "
    if sentence.rstrip().endswith("?") or not any(f" {cue} " in padded for cue in _ANNOUNCING):
        return False
    for cue in _ANNOUNCING:
        padded = padded.replace(f" {cue} ", " ")
    return not is_question(padded.strip())


def _split_joined(sentence: str) -> list[str]:
    """"… bao nhiêu và ai trả?" -> two questions, when each side asks something on its own."""
    joiners = _JOINERS if fold(sentence) != sentence.lower() else _PLAIN_JOINERS
    pieces = joiners.split(sentence)  # piece, joiner, piece, …
    if len(pieces) < 3:
        return [sentence]
    merged: list[str] = [pieces[0]]
    for joiner, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if is_question(piece) and is_question(merged[-1]) and len(_WORD.findall(piece)) >= 3 \
                and not _names_no_matter(piece) and not _names_no_matter(merged[-1]):
            merged.append(piece)
        else:
            merged[-1] = f"{merged[-1]}{joiner}{piece}"  # kept as typed: the joiner may be a word of the question
    return merged


def split_parts(message: str, as_message: bool = True) -> list[Part]:
    """The questions of a message (at most MAX_PARTS), each with the message's story as its context.

    A message without any question-like sentence is one part: itself. Two question sentences that are
    fragments of one question ("Có được không? Vì sao?") are kept together. Read as a message (`as_message`), a
    sentence that only says "xin hỏi" is story when something else is asked (`_only_announces`), and "mấy năm nay" in a
    sentence closed by a full stop tells (`_tells`); the entries' examples are read without these two rules
    (`search_data.example_text`), as the ranking model was fitted: re-reading them moved every example row and cost
    direct answers on some sets (held out 60.0 -> 54.5 % for the first; real2 and real3 -2 to -3 points for the
    second) until a refit.
    """
    sentences = split_sentences(message[:2000])
    asked: list[str] = []
    told: list[str] = []
    questions = [is_question(s, as_message) for s in sentences]
    asking = [q and not is_statement(s) and not (as_message and _only_announces(s))
              for q, s in zip(questions, sentences, strict=True)]
    if any(asking):  # "không ai tranh chấp gì." or "xin hỏi: bản tôi có …" is story when something else is asked
        questions = asking
    read: list[tuple[bool, str]] = []  # (asks, text) in the order written
    for s, q in zip(sentences, questions, strict=True):
        read += [(True, p.strip(" ,")) for p in _split_joined(s)] if q else [(False, s)]
    for asks, text in _with_subjects(read):
        (asked if asks else told).append(text)
    asked = _merge_fragments([a for a in asked if _WORD.search(a)])
    context = " ".join(told)
    if not asked:
        return [Part(message[:2000].strip())]
    if len(asked) == 1:
        return [Part(asked[0], context)]
    parts = [Part(q, " ".join(x for x in (context, *[o for o in asked if o is not q]) if x)) for q in asked]
    return parts[:MAX_PARTS]


# Paperwork words: a question made of them alone ("Hồ sơ gồm những gì, nộp ở đâu?") asks about the papers of
# something the sentence before it names ("Tôi muốn làm sổ đỏ lần đầu.").
_PAPERWORK = ("ho so", "thu tuc", "giay to", "le phi", "nop")


def _with_subjects(read: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """A paperwork question without a subject of its own takes the story sentence just before it as part of the
    question: its subject is there, and search must weigh it as the question's own words (an out-of-scope
    procedure — a first land certificate — must not be answered with the entry on a mediator's pay claim because
    both say "hồ sơ gồm gì, nộp ở đâu")."""
    out: list[tuple[bool, str]] = []
    for asks, text in read:
        if asks and out and not out[-1][0] and _paperwork_only(text):
            out[-1] = (True, f"{out[-1][1]} {text}")
        else:
            out.append((asks, text))
    return out


def _paperwork_only(question: str) -> bool:
    padded = f" {' '.join(_WORD.findall(fold(question)))} "
    if not any(f" {cue} " in padded for cue in _PAPERWORK):
        return False
    for cue in _PAPERWORK:
        padded = padded.replace(f" {cue} ", " ")
    return all(w in _GENERIC for w in padded.split())


def _merge_fragments(questions: list[str]) -> list[str]:
    """A very short question ("Vì sao?", "Có đúng không ạ?") belongs to the one before it."""
    out: list[str] = []
    for q in questions:
        content = [w for w in _WORD.findall(fold(q)) if w not in _FRAGMENT_WORDS]
        if out and len(content) < 2:
            out[-1] = f"{out[-1]} {q}"
        elif not out and len(content) < 2 and len(questions) > 1:
            out.append(q)  # joined with the next one below
        else:
            if out and len([w for w in _WORD.findall(fold(out[-1])) if w not in _FRAGMENT_WORDS]) < 2:
                out[-1] = f"{out[-1]} {q}"
            else:
                out.append(q)
    return out


_FRAGMENT_WORDS = frozenset((
    "a", "ak", "ah", "vay", "the", "sao", "vi", "tai", "khong", "ko", "k", "co", "duoc", "dung", "phai", "chua",
    "gi", "j", "nao", "nhe", "nha", "oi", "xin", "hoi", "cho", "em", "toi", "minh", "la", "lam", "ntn", "nhu", "ra",
    "ha", "hay",
))
_GENERIC = _FRAGMENT_WORDS | frozenset((
    "gom", "nhung", "o", "dau", "can", "bao", "lau", "nhieu", "tien", "mat", "the", "nao", "di", "len", "ve", "xa",
    "mang", "theo", "va", "thi", "de", "muon", "gio", "may", "ngay", "het", "cac", "nay", "vay", "do", "day", "gui",
    "tai", "nop", "giay", "to",
))


def name_mask(text: str) -> list[bool]:
    """For each word of `text` (as `words()` splits it): True when it is part of a person's or place's name.

    A name is up to three capitalised words after a title word (anh T, chị Lò Thị H, bác Nam, bản Mòng), or a
    single capital letter standing for a person (A, B, T). Capitalised legal terms ("Luật Hòa giải", "Điều 3",
    "UBND") are not names: they follow no title word.
    """
    text = unicodedata.normalize("NFC", text)
    found = list(_WORD.finditer(text))
    mask = [False] * len(found)
    run = 0
    for i, m in enumerate(found):
        tok = m.group(0)
        if i and re.search(r"[.?!;:,()\n]", text[found[i - 1].end() : m.start()]):
            run = 0  # punctuation ends a name
        if len(tok) == 1 and tok.isupper() and tok.isalpha():
            mask[i] = True
            continue
        capital = tok[0].isupper() and not (tok.isupper() and len(tok) > 1)
        after_title = run == 0 and i > 0 and found[i - 1].group(0).lower() in _TITLES and not re.search(
            r"[.?!;:,()\n]", text[found[i - 1].end() : m.start()])
        if capital and (after_title or 0 < run < 3):
            mask[i] = True
            run += 1
        else:
            run = 0
    return mask


def strip_names(text: str) -> str:
    """The text without the words `name_mask` marks as names (they say who, not what the matter is)."""
    text = unicodedata.normalize("NFC", text)
    mask = name_mask(text)
    if not any(mask):
        return text
    pieces: list[str] = []
    last = 0
    for m, is_name in zip(_WORD.finditer(text), mask, strict=True):
        if is_name:
            pieces.append(text[last : m.start()])
            last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)
