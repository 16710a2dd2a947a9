"""The search lexicon as editors edit it (shorthand, synonyms, fillers and weak words as lines of text, stored as
lexicon.yaml and applied when saved), and the citation index behind "cần rà soát" (which entries cite a document
or one of its articles)."""

from collections import Counter
from typing import Any

import yaml
from sqlmodel import Session

from bot.core import texts
from bot.core.canonical import scalar
from bot.core.errors import Invalid
from bot.core.normalize import words
from bot.domain import entries
from bot.storage import knowledge_repo
from bot.storage.audit_repo import write_audit

LEXICON_FILE = "lexicon.yaml"
HEADER = (
    "# Search lexicon, edited in the console (applied when saved).\n"
    "# shorthand: what mediators type -> what it means (whole words); fillers: phrases removed before search;\n"
    "# synonyms: phrases that mean the same thing; weak_words: words that count at a fifth of their weight;\n"
    "# danger_words: signs of danger to life; out_of_scope: example questions the assistant does not cover.\n"
)
MAX_ITEM = 200
MAX_EXAMPLE = 600  # an out-of-scope example question may be a whole story
SECTIONS = ("shorthand", "synonyms", "fillers", "weak_words", "danger_words", "out_of_scope")
_LISTS = ("fillers", "weak_words", "danger_words", "out_of_scope")  # one item per line


# --- the lexicon ------------------------------------------------------------------------------------------------------


def lexicon_to_form(raw: dict[str, Any]) -> dict[str, str]:
    return {
        "shorthand": "\n".join(f"{k} = {v}" for k, v in (raw.get("shorthand") or {}).items()),
        "synonyms": "\n".join(" = ".join(map(str, group)) for group in raw.get("synonyms") or []),
        **{name: "\n".join(map(str, raw.get(name) or [])) for name in _LISTS},
    }


def lexicon_from_form(values: dict[str, str]) -> dict[str, Any]:
    """Parse the four text areas; a bad line is refused (Invalid) naming the section (field) and the line."""
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
            "danger_words": lists["danger_words"], "out_of_scope": lists["out_of_scope"]}


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
    text = "\n".join(out) + "\n"
    assert yaml.safe_load(text) == raw, "the lexicon layout must read back unchanged"
    return text


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
