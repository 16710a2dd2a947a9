"""The `emergency:` section of lexicon.yaml: the hotlines, the block's text, the phrases that signal danger to life.

Read by the lexicon loader (a broken section refuses the file, naming the line) and edited on the console's lexicon
page. The matcher and the reply live in bot.core.danger.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_LETTER = re.compile(r"[^\W\d_]")
_DIGITS = re.compile(r"^[0-9]{3,5}$")
MAX_PHRASE = 100
MAX_TEXT = 600


@dataclass(frozen=True)
class EmergencyNumber:
    """A hotline: the number, who answers, when to call it (optional); its legal source and a note for editors."""

    number: str
    label: str
    when: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Emergency:
    """The `emergency:` section of lexicon.yaml: the block's opening, the numbers, what to do now, the phrases."""

    text: str = ""
    numbers: tuple[EmergencyNumber, ...] = ()
    advice: str = ""
    phrases: tuple[str, ...] = ()

    @property
    def configured(self) -> bool:
        return bool(self.text and self.numbers and self.phrases)

    def block(self) -> str:
        """The emergency message: opening, one line per number, what to do now."""
        lines = [self.text]
        for n in self.numbers:
            lines.append(f"📞 {n.number} — {n.label}" + (f" ({n.when})" if n.when else ""))
        if self.advice:
            lines += ["", self.advice]
        return "\n".join(lines)


@dataclass(frozen=True)
class Problem:
    """What is wrong in the section: where (a YAML key path, for `file:line`) and why, in plain Vietnamese."""

    spot: str
    message: str


@dataclass
class _Reader:
    problems: list[Problem] = field(default_factory=list)

    def text(self, value: Any, spot: str, label: str, *, limit: int = MAX_TEXT, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool) or (required and not str(value).strip()):
            self.problems.append(Problem(spot, f"{label}: chưa có nội dung"))
            return ""
        text = str(value).strip()
        if len(text) > limit:
            self.problems.append(Problem(spot, f"{label}: dài {len(text)} ký tự, tối đa {limit}"))
        return text


def emergency_from_dict(raw: Any) -> tuple[Emergency, list[Problem]]:
    """Read the section; every problem is reported (the caller refuses the file), the rest is kept."""
    reader = _Reader()
    if not isinstance(raw, Mapping):
        return Emergency(), [Problem("emergency", "Mục khẩn cấp cần lời mở đầu, số điện thoại, việc cần làm và "
                                                  "các cụm từ báo nguy hiểm")]
    allowed = {"text", "numbers", "advice", "phrases"}
    for key in raw:
        if key not in allowed:
            reader.problems.append(Problem(f"emergency.{key}", f"Mục khẩn cấp có phần không dùng đến: {key}"))
    text = reader.text(raw.get("text"), "emergency.text", "Lời mở đầu")
    advice = reader.text(raw.get("advice"), "emergency.advice", "Việc cần làm ngay", required=False)
    numbers = _numbers(raw.get("numbers"), reader)
    phrases = _phrases(raw.get("phrases"), reader)
    return Emergency(text, numbers, advice, phrases), reader.problems


def _numbers(value: Any, reader: _Reader) -> tuple[EmergencyNumber, ...]:
    if not isinstance(value, list) or not value:
        reader.problems.append(Problem("emergency.numbers", "Cần ít nhất một số điện thoại khẩn cấp"))
        return ()
    found = []
    for i, item in enumerate(value):
        spot, label = f"emergency.numbers[{i}]", f"Số điện thoại thứ {i + 1}"
        if not isinstance(item, Mapping):
            reader.problems.append(Problem(spot, f"{label}: cần số và tên gọi"))
            continue
        number = reader.text(item.get("number"), f"{spot}.number", label, limit=5)
        if number and not _DIGITS.match(number):
            reader.problems.append(Problem(f"{spot}.number", f"{label}: số gồm 3 đến 5 chữ số ({number})"))
        found.append(EmergencyNumber(
            number, reader.text(item.get("label"), f"{spot}.label", f"{label}, tên gọi", limit=120),
            reader.text(item.get("when"), f"{spot}.when", f"{label}, khi nào gọi", limit=120, required=False),
            reader.text(item.get("source"), f"{spot}.source", f"{label}, nguồn", required=False),
            reader.text(item.get("note"), f"{spot}.note", f"{label}, ghi chú", required=False)))
    return tuple(found)


def _phrases(value: Any, reader: _Reader) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        reader.problems.append(Problem("emergency.phrases", "Cần ít nhất một cụm từ báo nguy hiểm"))
        return ()
    found = []
    for i, item in enumerate(value):
        phrase = reader.text(item, f"emergency.phrases[{i}]", f"Cụm từ thứ {i + 1}", limit=MAX_PHRASE)
        if phrase and not _LETTER.search(phrase):
            reader.problems.append(Problem(f"emergency.phrases[{i}]", f"Cụm từ thứ {i + 1}: không có chữ nào"))
        elif phrase:
            found.append(phrase)
    return tuple(found)


def emergency_to_dict(emergency: Emergency) -> dict[str, Any]:
    """The section as YAML data (the console writes it back this way)."""
    numbers = []
    for n in emergency.numbers:
        item = {"number": n.number, "label": n.label}
        item.update({k: v for k, v in (("when", n.when), ("source", n.source), ("note", n.note)) if v})
        numbers.append(item)
    out: dict[str, Any] = {"text": emergency.text, "numbers": numbers}
    if emergency.advice:
        out["advice"] = emergency.advice
    out["phrases"] = list(emergency.phrases)
    return out
