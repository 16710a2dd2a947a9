"""The search lexicon as editors edit it (shorthand, synonyms, fillers and weak words as lines of text, stored as
lexicon.yaml and applied when saved), its emergency section (the block's text, the hotlines, the phrases of danger),
and the citation index behind "cần rà soát" (which entries cite a document or one of its articles)."""

from collections import Counter
from typing import Any

import yaml
from sqlmodel import Session

from bot.core import texts
from bot.core.canonical import scalar
from bot.core.emergency import emergency_from_dict, emergency_to_dict
from bot.core.errors import Invalid
from bot.core.knowledge import bundled_emergency
from bot.core.normalize import words
from bot.core.yaml_layout import block, mapping_list
from bot.domain import entries
from bot.storage import knowledge_repo
from bot.storage.audit_repo import write_audit

LEXICON_FILE = "lexicon.yaml"
HEADER = (
    "# Search lexicon, edited in the console (applied when saved).\n"
    "# shorthand: what mediators type -> what it means (whole words); fillers: phrases removed before search;\n"
    "# synonyms: phrases that mean the same thing; weak_words: words that count at a fifth of their weight;\n"
    "# danger_words: signs of danger to life; out_of_scope: example questions the assistant does not cover.\n"
    "# emergency: the block shown first when a message matches one of its phrases (text, numbers, advice).\n"
)
NUMBER_KEYS = ("number", "label", "when", "source", "note")
MAX_ITEM = 200
MAX_EXAMPLE = 600  # an out-of-scope example question may be a whole story
SECTIONS = ("shorthand", "synonyms", "fillers", "weak_words", "danger_words", "out_of_scope",
            "emergency_text", "emergency_numbers", "emergency_advice", "emergency_phrases")
_LISTS = ("fillers", "weak_words", "danger_words", "out_of_scope")  # one item per line
# Where a problem of the emergency section is shown: the form field of its key path.
_EMERGENCY_FIELDS = {"emergency.text": "emergency_text", "emergency.numbers": "emergency_numbers",
                     "emergency.advice": "emergency_advice", "emergency.phrases": "emergency_phrases"}


# --- the lexicon ------------------------------------------------------------------------------------------------------


def lexicon_to_form(raw: dict[str, Any]) -> dict[str, str]:
    emergency, problems = emergency_from_dict(raw.get("emergency"))
    if problems:  # a file without a sound section: the editor starts from the bundled one
        emergency = bundled_emergency()
    return {
        "shorthand": "\n".join(f"{k} = {v}" for k, v in (raw.get("shorthand") or {}).items()),
        "synonyms": "\n".join(" = ".join(map(str, group)) for group in raw.get("synonyms") or []),
        **{name: "\n".join(map(str, raw.get(name) or [])) for name in _LISTS},
        "emergency_text": emergency.text,
        "emergency_numbers": "\n".join(" | ".join(p for p in (n.number, n.label, n.when) if p)
                                       for n in emergency.numbers),
        "emergency_advice": emergency.advice,
        "emergency_phrases": "\n".join(emergency.phrases),
    }


def emergency_from_form(values: dict[str, str], previous: dict[str, Any] | None) -> dict[str, Any]:
    """The emergency section from its four fields; each number line is "số | tên gọi | khi nào gọi". A number kept
    from before keeps its source and note (which the console does not show)."""
    old = {str(n.get("number")): n for n in ((previous or {}).get("numbers") or []) if isinstance(n, dict)}
    numbers = []
    for _, line in _lines(values.get("emergency_numbers", ""), MAX_EXAMPLE):
        parts = [p.strip() for p in line.split("|")]
        number: dict[str, Any] = {"number": parts[0], "label": parts[1] if len(parts) > 1 else ""}
        if len(parts) > 2 and parts[2]:
            number["when"] = parts[2]
        number.update({k: v for k, v in old.get(parts[0], {}).items() if k in ("source", "note") and v})
        numbers.append(number)
    section = {"text": values.get("emergency_text", "").strip(), "numbers": numbers,
               "advice": values.get("emergency_advice", "").replace("\r\n", "\n").strip(),
               "phrases": list(dict.fromkeys(line for _, line in _lines(values.get("emergency_phrases", ""))))}
    emergency, problems = emergency_from_dict(section)
    if problems:
        spot = problems[0].spot
        field = next((f for key, f in _EMERGENCY_FIELDS.items() if spot.startswith(key)), "emergency_text")
        raise Invalid(problems[0].message, field)
    return emergency_to_dict(emergency)


def lexicon_from_form(values: dict[str, str], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Parse the text areas; a bad line is refused (Invalid) naming the section (field) and the line. `previous` is
    the stored lexicon (the emergency numbers keep their sources)."""
    shorthand: dict[str, str] = {}
    for n, line in _lines(values.get("shorthand", "")):
        key, sep, meaning = (part.strip() for part in line.partition("="))
        if not sep or not meaning or words(key) != [key.lower()]:
            raise Invalid(texts.ADMIN_LEXICON_INVALID.format(line=n, problem=texts.ADMIN_LEXICON_PAIR), "shorthand")
        shorthand[key.lower()] = meaning
    synonyms = []
    for n, line in _lines(values.get("synonyms", "")):
        group = list(dict.fromkeys(p.strip() for p in line.split("=") if p.strip()))
        if len(group) < 2:
            raise Invalid(texts.ADMIN_LEXICON_INVALID.format(line=n, problem=texts.ADMIN_LEXICON_GROUP), "synonyms")
        synonyms.append(group)
    lists = {name: list(dict.fromkeys(line for _, line in _lines(values.get(name, ""),
                                                               MAX_EXAMPLE if name == "out_of_scope" else MAX_ITEM)))
             for name in _LISTS}
    return {"shorthand": shorthand, "fillers": lists["fillers"], "synonyms": synonyms, "weak_words": lists["weak_words"],
            "danger_words": lists["danger_words"], "out_of_scope": lists["out_of_scope"],
            "emergency": emergency_from_form(values, (previous or {}).get("emergency"))}


def _lines(text: str, limit: int = MAX_ITEM) -> list[tuple[int, str]]:
    found = [(n, " ".join(line.split())[:limit]) for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1)]
    return [(n, line) for n, line in found if line]


def dump_lexicon(raw: dict[str, Any]) -> str:
    """The lexicon file in the layout editors know: flow lists for synonym groups, plain scalars where safe."""
    out = [HEADER.rstrip("\n"), "shorthand:" if raw["shorthand"] else "shorthand: {}"]
    out += [f"  {scalar(k)}: {scalar(v)}" for k, v in raw["shorthand"].items()]
    for key, render_item in (("fillers", scalar), ("synonyms", _group), ("weak_words", scalar),
                             ("danger_words", scalar), ("out_of_scope", scalar)):
        out.append(f"{key}:" if raw[key] else f"{key}: []")
        out += [f"- {render_item(item)}" for item in raw[key]]
    if "emergency" in raw:
        out += _emergency_lines(raw["emergency"])
    text = "\n".join(out) + "\n"
    assert yaml.safe_load(text) == raw, "the lexicon layout must read back unchanged"
    return text


def _emergency_lines(section: dict[str, Any]) -> list[str]:
    out = ["emergency:", *block("text", section["text"], "  "), "  numbers:"]
    out += ["  " + line for line in mapping_list("numbers", section["numbers"], NUMBER_KEYS)[1:]]
    if section.get("advice"):
        out += block("advice", section["advice"], "  ")
    out += ["  phrases:", *(f"  - {scalar(p)}" for p in section["phrases"])]
    return out


def _group(group: list[str]) -> str:
    return "[" + ", ".join(scalar(p, flow=True) for p in group) + "]"


def save_lexicon(*, session: Session, body: str, actor: str) -> bool:
    before = knowledge_repo.get_file(session=session, name=LEXICON_FILE)
    if not knowledge_repo.put_file(session=session, name=LEXICON_FILE, body=body, author=actor):
        return False
    knowledge_repo.bump_version(session=session)
    write_audit(session=session, actor=actor, action="lexicon.update", target=LEXICON_FILE, before=before, after=body)
    return True


# --- legal currency ---------------------------------------------------------------------------------------------------


def citing(copies: list[entries.WorkingCopy], doc: str, article: int | None) -> list[entries.WorkingCopy]:
    """Entries (not archived) citing the document, or one article of it."""
    found = []
    for c in copies:
        if c.status == "archived" and c.live_status == "archived":
            continue
        for cite in c.data.get("citations") or []:
            if not isinstance(cite, dict) or str(cite.get("doc")) != doc:
                continue
            if article is None or cite.get("article") == article:
                found.append(c)
                break
    return sorted(found, key=lambda c: c.title)


def citation_counts(copies: list[entries.WorkingCopy]) -> Counter[tuple[str, int | None]]:
    counts: Counter[tuple[str, int | None]] = Counter()
    for c in copies:
        cited = {(str(x.get("doc")), x.get("article")) for x in c.data.get("citations") or [] if isinstance(x, dict)}
        counts.update(cited)
    return counts
