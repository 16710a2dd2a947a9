"""knowledge/languages.yaml: the languages recorded answers may be in (vi, blt, twh, hmn to start), in the order
answers offer them, with the label of each "🔊 Nghe" button. Editors add a language here before its first clip.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import yaml

from bot.core.errors import KnowledgeError

LANGUAGES_FILE = "languages.yaml"
CODE_RE = re.compile(r"^[a-z]{2,3}$")  # ISO 639-1 or 639-3 codes, as in knowledge/audio/<id>.<code>.ogg
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FIELDS = ("code", "name", "listen")


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # "Tiếng Thái (Thái Đen)": lists, the console, the player page
    listen: str  # the button under an answer: "🔊 Nghe tiếng Thái Đen"


NO_LANGUAGES: Mapping[str, Language] = MappingProxyType({})


def parse_languages(text: str, where: str) -> tuple[Mapping[str, Language], list[KnowledgeError]]:
    """The registry in file order; every problem names the file and the line of its item."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
        raw = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        return NO_LANGUAGES, [KnowledgeError(where, 0, f"lỗi cú pháp YAML: {exc}")]
    if raw is None:
        return NO_LANGUAGES, []
    if not isinstance(raw, list) or not isinstance(node, yaml.SequenceNode):
        return NO_LANGUAGES, [KnowledgeError(where, 1, "danh sách ngôn ngữ phải là một danh sách")]
    found: dict[str, Language] = {}
    errors: list[KnowledgeError] = []
    for item, item_node in zip(raw, node.value, strict=True):
        line = item_node.start_mark.line + 1
        problem = _problem(item, found)
        if problem:
            errors.append(KnowledgeError(where, line, problem))
            continue
        code, name = str(item["code"]), str(item["name"]).strip()
        listen = str(item.get("listen") or f"🔊 Nghe {name[:1].lower()}{name[1:]}").strip()
        found[code] = Language(code, name, listen)
    return MappingProxyType(found), errors


def _problem(item: object, found: Mapping[str, Language]) -> str | None:
    if not isinstance(item, dict) or not item.get("code") or not item.get("name"):
        return "mỗi ngôn ngữ cần `code` và `name`"
    unknown = [k for k in item if k not in _FIELDS]
    if unknown:
        return f"trường không được phép: `{unknown[0]}`"
    code = str(item["code"])
    if not CODE_RE.match(code):
        return f"mã ngôn ngữ `{code}` phải gồm 2–3 chữ thường (ISO 639), ví dụ vi, hmn"
    if code in found:
        return f"mã ngôn ngữ `{code}` bị trùng"
    if len(str(item["name"])) > 60 or len(str(item.get("listen") or "")) > 40:
        return "tên ngôn ngữ tối đa 60 ký tự, nhãn nút nghe tối đa 40 ký tự"
    return None
