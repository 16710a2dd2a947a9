"""What `hoagiai check` says about citations beyond each entry's own schema: documents.yaml's `slug` and `abbr`,
the citations whose article text is not bundled (warnings, not errors), and the coverage figure of its summary."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.core import texts
from bot.core.articles import ARTICLES_DIR, Article
from bot.core.knowledge import SAFE_LOADER, Citation, Document, Entry, KnowledgeError, load_yaml_text, slug_of


@dataclass(frozen=True)
class KnowledgeWarning:
    """Something an editor should know that does not stop the knowledge from being served."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message}"


def document_errors(path: Path) -> list[KnowledgeError]:
    """Every document needs its `slug` (the file name of its article texts, derived from its number) and `abbr`."""
    text = path.read_text(encoding="utf-8")
    try:
        items, node = load_yaml_text(text) or [], yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return []  # the loader of documents.yaml reports a syntax error itself
    if not isinstance(items, list) or not isinstance(node, yaml.SequenceNode):
        return []
    errors: list[KnowledgeError] = []
    seen: set[str] = set()
    for item, item_node in zip(items, node.value, strict=True):
        if not isinstance(item, dict) or not item.get("doc"):
            continue
        line, doc = item_node.start_mark.line + 1, str(item["doc"])
        for name in ("slug", "abbr"):
            if not str(item.get(name) or "").strip():
                errors.append(KnowledgeError(str(path), line, texts.DOCUMENT_MISSING.format(doc=doc, field=name)))
        slug = item.get("slug")
        if slug and slug != slug_of(doc):
            errors.append(KnowledgeError(str(path), line, texts.DOCUMENT_SLUG.format(doc=doc, slug=slug_of(doc))))
        if slug and slug in seen:
            errors.append(KnowledgeError(str(path), line, texts.DOCUMENT_SLUG_TWICE.format(slug=slug)))
        seen.add(str(slug))
    return errors


def missing_text(citation: Citation, articles: Mapping[tuple[str, int], Article]) -> bool:
    return citation.article is not None and (citation.doc, citation.article) not in articles


def citation_warnings(entry: Entry, path: str, lines: Mapping[str, int], documents: Mapping[str, Document],
                      articles: Mapping[tuple[str, int], Article]) -> list[KnowledgeWarning]:
    """One warning per citation of the entry whose article text is not in knowledge/articles/."""
    warnings = []
    for i, c in enumerate(entry.citations):
        if missing_text(c, articles) and c.doc in documents:
            doc = documents[c.doc]
            warnings.append(KnowledgeWarning(path, lines.get(f"citations[{i}]", lines.get("citations", 1)),
                                             texts.CITATION_NOT_BUNDLED.format(
                                                 article=c.article, document=doc.short, doc=doc.doc,
                                                 file=f"{ARTICLES_DIR}/{doc.slug}.yaml")))
    return warnings


def coverage(entries: Iterable[Entry], articles: Mapping[tuple[str, int], Article]) -> tuple[int, int]:
    """(bundled, cited): distinct (document, article) pairs the entries cite, and how many have their text here."""
    cited = {(c.doc, c.article) for e in entries for c in e.citations if c.article is not None}
    return sum(1 for pair in cited if pair in articles), len(cited)
