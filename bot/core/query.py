"""Reading a real message before search: which sentences ask something (`asking.py`), which only tell the story,
which words are names, and how many separate questions the message holds.

People write to a mediator the way they write to a newspaper's legal column: a greeting, a story with names,
dates and amounts, then one or two questions ("… có được hỗ trợ không? Và nếu … thì sao?"). Search weighs the
words of the question more than the words of the story, drops the names, and answers each question separately.
"""

import re
import unicodedata
from dataclasses import dataclass

from bot.core.asking import FRAGMENT_WORDS, WORD, is_question, is_statement, names_no_matter, only_announces
from bot.core.normalize import fold

MAX_PARTS = 3

# Words that join two questions inside one sentence ("… bao nhiêu và ai trả?"). Typed without marks, "còn" is
# "con" (a child): there it joins only after a comma and not before a word that makes it a child ("…, con ai trả"
# but not "…, con riêng của mẹ kế"); in a sentence with marks never.
_JOINERS = re.compile(r"(\s*[,;]?\s+(?:và|va|còn|đồng thời|dong thoi|ngoài ra|ngoai ra|hoặc|hoac|với lại|voi lai)\s+)",
                      re.IGNORECASE)
_CHILD_AFTER_CON = "rieng|gai|trai|cai|chau|dau|re|nuoi|de|ruot|nho|ut|so"
_PLAIN_JOINERS = re.compile(rf"({_JOINERS.pattern[1:-1]}|\s*[,;]\s*con\s+(?!(?:{_CHILD_AFTER_CON})\b))", re.IGNORECASE)
# "còn" right after these words is "still / any more", not a joiner: "Từ tháng 7/2025 không còn cấp huyện thì nộp đơn ở
# đâu?" is one question ("không" alone would end a question before it).
_STILL_BEFORE_CON = frozenset(("khong", "ko", "k", "chang", "cha", "chua", "van", "cung", "lai", "ma", "het", "gio",
                               "nay"))
_ENUM = re.compile(r"(?:^|\s)(?:\(?\d\)|\d[.)]|câu \d+[:.)]?|cau \d+[:.)]?|thứ (?:nhất|hai|ba)[,:]?|thu (?:nhat|hai|ba)[,:]?)\s",
                   re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[?!.;…\n])\s*|(?<=\?)")
_TITLES = frozenset(("ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cháu", "cụ", "thím", "dì", "cậu", "mợ",
                     "dượng", "bản", "xã", "thôn", "xóm", "làng", "ấp", "buôn", "phường", "huyện", "tỉnh", "họ",
                     "nhà", "con", "vợ", "chồng", "mẹ", "bố", "cha"))
_WORD = WORD


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


def _split_joined(sentence: str) -> list[str]:
    """"… bao nhiêu và ai trả?" -> two questions, when each side asks something on its own."""
    joiners = _JOINERS if fold(sentence) != sentence.lower() else _PLAIN_JOINERS
    pieces = joiners.split(sentence)  # piece, joiner, piece, …
    if len(pieces) < 3:
        return [sentence]
    merged: list[str] = [pieces[0]]
    for joiner, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if is_question(piece) and is_question(merged[-1]) and len(_WORD.findall(piece)) >= 3 \
                and not names_no_matter(piece) and not names_no_matter(merged[-1]) and not _means_still(joiner, merged[-1]):
            merged.append(piece)
        else:
            merged[-1] = f"{merged[-1]}{joiner}{piece}"  # kept as typed: the joiner may be a word of the question
    return merged


def _means_still(joiner: str, before: str) -> bool:
    """"còn" with no comma before it, right after "không", "vẫn", "chưa" …: part of the question ("không còn huyện")."""
    if "," in joiner or ";" in joiner or fold(joiner.strip()) != "con":
        return False
    words = _WORD.findall(before)
    return bool(words) and fold(words[-1].lower()) in _STILL_BEFORE_CON


def split_parts(message: str, as_message: bool = True) -> list[Part]:
    """The questions of a message (at most MAX_PARTS), each with the message's story as its context.

    A message without any question-like sentence is one part: itself. Two question sentences that are
    fragments of one question ("Có được không? Vì sao?") are kept together. Read as a message (`as_message`), a
    sentence that only says "xin hỏi" is story when something else is asked (`asking.only_announces`), and "mấy năm nay" in a
    sentence closed by a full stop tells (`asking`); the entries' examples are read without these two rules
    (`search_build.example_text`), as the ranking model was fitted: re-reading them moved every example row and cost
    direct answers on some sets (held out 60.0 -> 54.5 % for the first; real2 and real3 -2 to -3 points for the
    second) until a refit.
    """
    sentences = split_sentences(message[:2000])
    asked: list[str] = []
    told: list[str] = []
    questions = [is_question(s, as_message) for s in sentences]
    asking = [q and not is_statement(s) and not (as_message and only_announces(s))
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
        content = [w for w in _WORD.findall(fold(q)) if w not in FRAGMENT_WORDS]
        if out and len(content) < 2:
            out[-1] = f"{out[-1]} {q}"
        elif not out and len(content) < 2 and len(questions) > 1:
            out.append(q)  # joined with the next one below
        else:
            if out and len([w for w in _WORD.findall(fold(out[-1])) if w not in FRAGMENT_WORDS]) < 2:
                out[-1] = f"{out[-1]} {q}"
            else:
                out.append(q)
    return out


_GENERIC = FRAGMENT_WORDS | frozenset((
    "gom", "nhung", "o", "dau", "can", "bao", "lau", "nhieu", "tien", "mat", "the", "nao", "di", "len", "ve", "xa",
    "mang", "theo", "va", "thi", "de", "muon", "gio", "may", "ngay", "het", "cac", "nay", "vay", "do", "day", "gui",
    "tai", "nop", "giay", "to",
))


_NAME_BREAK = re.compile(r"[.?!;:,()\n]")  # punctuation between two words ends a name


def name_mask(text: str) -> list[bool]:
    """For each word of `text` (as `words()` splits it): True when it is part of a person's or place's name.

    A name is up to three capitalised words after a title word (anh T, chị Lò Thị H, bác Nam, bản Mòng), or a
    single capital letter standing for a person (A, B, T). Capitalised legal terms ("Luật Hòa giải", "Điều 3",
    "UBND") are not names: they follow no title word.
    """
    text = unicodedata.normalize("NFC", text)
    found = list(_WORD.finditer(text))
    mask = [False] * len(found)
    # Only words that start with a capital can be names, and a word that does not resets the run of a name: the
    # capitalised words are read in order, each run of them starting afresh.
    capitals = [i for i, m in enumerate(found) if m.group(0)[0].isupper()]
    run, last = 0, -2
    for i in capitals:
        if i != last + 1 or _NAME_BREAK.search(text, found[i - 1].end(), found[i].start()):
            run = 0  # a lower-case word or punctuation ends a name
        last = i
        tok = found[i].group(0)
        if len(tok) == 1 and tok.isalpha():  # a single capital letter stands for a person
            mask[i] = True
            continue
        after_title = run == 0 and i > 0 and found[i - 1].group(0).lower() in _TITLES and not _NAME_BREAK.search(
            text, found[i - 1].end(), found[i].start())
        if not (tok.isupper() and len(tok) > 1) and (after_title or 0 < run < 3):
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
