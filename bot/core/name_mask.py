"""Masking people's names in a text mediators type about a case (the logbook summary), before it is stored.

Rules (issue 18): after a title word (ông, bà, anh, chị, cô, chú, bác, em, cháu; with or without diacritics) the
capitalised words that follow (up to four), or else the next one to three words unless the first is an ordinary word
("ông ấy", "bà con", "anh em"); and a word of the family-name list (Nguyễn, Lò, Lường, Cầm, …) written with a
capital, with the capitalised words after it. A run of masked words becomes one "•••". Masking errs on the side of
hiding a word too many. `bot.core.privacy.mask_personal` applies it after masking numbers and e-mail addresses: every
text a person typed is masked the same way before it is stored.
"""

import re

from bot.core.normalize import fold, has_marks

TITLES = ("ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cháu")
FAMILY_NAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ",
    "Dương", "Đinh", "Đào", "Đoàn", "Lương", "Trịnh", "Mai", "Tạ", "Vương", "Hà", "Lò", "Lường", "Cầm", "Quàng",
    "Giàng", "Sùng", "Thào", "Vàng", "Lù", "Mùa", "Hờ", "Tòng", "Điêu", "Mè", "Lừ", "Tráng", "Chảo", "Ly", "Lý",
    "Sầm", "Bạc", "Khà", "Lầu", "Mua", "Hạng", "Cà", "Lưu", "Xồng",
)
_MAX_AFTER_TITLE = 4
_MAX_LOWER = 3
# Words that follow a title word without naming anyone ("ông ấy", "bà con", "anh em", "hai bà cháu"…), folded.
_ORDINARY = {
    "ay", "ta", "no", "kia", "nay", "do", "con", "em", "ba", "ong", "anh", "chi", "co", "chu", "bac", "chau", "va",
    "voi", "da", "dang", "se", "khong", "chua", "bi", "duoc", "cua", "o", "la", "thi", "ma", "nhung", "ve", "cho",
    "cung", "van", "lai", "roi", "den", "toi", "tu", "trong", "ngoai", "giua", "hai", "nguoi", "ho", "xom", "giao",
    "nha", "minh", "gia", "di", "noi", "bao", "muon", "doi", "ruot", "re", "dau", "trai", "gai", "ca",
    "ut", "hang", "xa", "ban", "thon", "to", "truong", "can",
    # kinship and occupations ("anh chồng", "em vợ", "em bé", "bác sĩ", "chú công an", "em học sinh")
    "chong", "vo", "be", "si", "me", "bo", "lon", "nho", "thong", "nuoi", "cong", "hoc", "ky", "y",
    # a title used as "I"/"you" before a verb ("cho em hỏi", "anh mời hai bên", "chị nên báo xã")
    "hoi", "moi", "xin", "thay", "biet", "nghi", "lam", "hieu", "phai", "giup", "ko", "k", "hay", "rat", "cam", "dung",
    "nen", "cu", "vua", "lay", "mua", "tra", "vay", "goi", "sang", "len", "xuong", "ra", "vao", "an", "uong", "danh",
    "chui", "doa", "kien", "hua", "nhan", "chiu", "xem", "nghe", "tim", "viet", "ghi", "bat",
}
MASK = "•••"
_MIDDLE = {"van", "thi", "duc", "huu", "dinh", "minh", "quang", "a"}  # Văn, Thị…: kept inside a lowercase name
_TITLES_FOLDED = {fold(t) for t in TITLES}
_FAMILY_MARKED = set(FAMILY_NAMES)
_FAMILY_FOLDED = {fold(n) for n in FAMILY_NAMES}
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?:;\n]\s*$")


def mask_names(text: str) -> str:
    """Replace the names found by the rules above with •••."""
    words = list(_WORD.finditer(text))
    hide = [False] * len(words)
    paired = -1  # "anh em", "ông bà", "chị em": the second title word names nobody either
    for i, word in enumerate(words):
        if _is_title(word.group()) and i != paired:
            _after_title(words, i, hide)
            if i + 1 < len(words) and _is_title(words[i + 1].group()) and not _capital(words[i + 1].group()):
                paired = i + 1
        elif _is_family(words, i, text):
            hide[i] = True
            j = i + 1
            while j < len(words) and j <= i + 3 and _capital(words[j].group()) and _adjacent(text, words, j):
                hide[j] = True
                j += 1
    return _rebuild(text, words, hide)


def _is_title(word: str) -> bool:
    lowered = word.lower()
    return lowered in TITLES or (not has_marks(word) and lowered in _TITLES_FOLDED)


def _after_title(words: list[re.Match[str]], i: int, hide: list[bool]) -> None:
    text = words[i].string
    j = i + 1
    if j >= len(words) or not _adjacent(text, words, j):
        return
    if _capital(words[j].group()):
        while j < len(words) and j <= i + _MAX_AFTER_TITLE and _capital(words[j].group()) and _adjacent(text, words, j):
            hide[j] = True
            j += 1
        return
    if fold(words[j].group()) in _ORDINARY:
        return
    while j < len(words) and j <= i + _MAX_LOWER and _adjacent(text, words, j) and \
            (j == i + 1 or fold(words[j].group()) in _MIDDLE or fold(words[j].group()) not in _ORDINARY):
        hide[j] = True
        j += 1


def _is_family(words: list[re.Match[str]], i: int, text: str) -> bool:
    word = words[i].group()
    if not _capital(word) or fold(word) not in _FAMILY_FOLDED:
        return False
    followed = i + 1 < len(words) and _capital(words[i + 1].group()) and _adjacent(text, words, i + 1)
    if followed:
        return True  # "Lò Văn Tùng", "Nguyen Van A"
    starts_sentence = i == 0 or bool(_SENTENCE_END.search(text[: words[i].start()]))
    return word in _FAMILY_MARKED and not starts_sentence  # a lone "Lò" in mid-sentence


def _capital(word: str) -> bool:
    return word[:1].isupper()


def _adjacent(text: str, words: list[re.Match[str]], j: int) -> bool:
    """Only spaces between word j-1 and word j (a comma or a full stop ends a name)."""
    return text[words[j - 1].end(): words[j].start()].strip() == ""


def _rebuild(text: str, words: list[re.Match[str]], hide: list[bool]) -> str:
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(words):
        if not hide[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and hide[j + 1]:
            j += 1
        out += [text[pos: words[i].start()], MASK]
        pos = words[j].end()
        i = j + 1
    out.append(text[pos:])
    return "".join(out)
