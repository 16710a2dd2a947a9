"""The verbatim text of cited articles: knowledge/articles/<slug>.yaml, one file per document of documents.yaml.

Each file is a list of `{article, title, text, source}` in increasing article order. The file name is the
document's `slug`, which ties it to the document number that citations use. These files are knowledge like the
rest: imported into the database, exported byte for byte, validated by `hoagiai check` (file:line errors).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from bot.core import texts
from bot.core.errors import NotFound
from bot.core.knowledge import SAFE_LOADER, Document, KnowledgeBase, KnowledgeError, load_yaml_text

ARTICLES_DIR = "articles"
FIELDS = ("article", "title", "text", "source")
_CLAUSE = re.compile(r"(\d{1,3})\.(?!\d)")  # "1. Luật này…" (and "1.Hôn nhân…", as one text has it)


@dataclass(frozen=True)
class Article:
    doc: str  # the document number, as in documents.yaml
    number: int
    title: str
    text: str
    source: str


@dataclass(frozen=True)
class Parts:
    """An article's text cut at its numbered clauses: the lines before clause 1, then each clause's lines."""

    intro: tuple[str, ...]
    clauses: Mapping[int, tuple[str, ...]]


def is_article_file(name: str) -> bool:
    return name.startswith(f"{ARTICLES_DIR}/") and name.endswith(".yaml") and name.count("/") == 1


def slug_in(name: str) -> str:
    return name.removeprefix(f"{ARTICLES_DIR}/").removesuffix(".yaml")


def parse_article_file(name: str, text: str, where: str,
                       documents: Mapping[str, Document]) -> tuple[list[Article], list[KnowledgeError]]:
    """The articles of the file `name` ("articles/<slug>.yaml"), shown as `where` in errors; every problem is an error
    naming file and line, and a broken item is left out."""
    slug = slug_in(name)
    doc = next((d for d in documents.values() if d.slug == slug), None)
    if doc is None:
        return [], [KnowledgeError(where, 1, texts.ARTICLES_NO_DOCUMENT.format(slug=slug))]
    try:
        raw = load_yaml_text(text)
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context
        return [], [KnowledgeError(where, mark.line + 1 if mark else 0, texts.ARTICLES_YAML.format(error=problem))]
    except yaml.YAMLError as exc:
        return [], [KnowledgeError(where, 0, texts.ARTICLES_YAML.format(error=exc))]
    if not isinstance(raw, list) or not isinstance(node, yaml.SequenceNode):
        return [], [KnowledgeError(where, 1, texts.ARTICLES_NOT_LIST)]
    articles: list[Article] = []
    errors: list[KnowledgeError] = []
    seen: dict[int, int] = {}
    for item, item_node in zip(raw, node.value, strict=True):
        line = item_node.start_mark.line + 1
        article, found = _article(item, line, where, doc.doc)
        errors += found
        if article is None:
            continue
        if article.number in seen:
            errors.append(KnowledgeError(where, line, texts.ARTICLES_DUPLICATE.format(n=article.number,
                                                                                      line=seen[article.number])))
            continue
        if articles and article.number < articles[-1].number:
            errors.append(KnowledgeError(where, line, texts.ARTICLES_ORDER.format(n=article.number)))
        seen[article.number] = line
        articles.append(article)
    return articles, errors


def _article(item: Any, line: int, where: str, doc: str) -> tuple[Article | None, list[KnowledgeError]]:
    if not isinstance(item, dict):
        return None, [KnowledgeError(where, line, texts.ARTICLES_ITEM)]
    errors = [KnowledgeError(where, line, texts.ARTICLES_UNKNOWN_FIELD.format(field=k)) for k in item if k not in FIELDS]
    number = item.get("article")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        errors.append(KnowledgeError(where, line, texts.ARTICLES_NUMBER))
        number = 0
    for name in FIELDS[1:]:
        value = item.get(name)
        if not isinstance(value, str) or not value.strip():
            errors.append(KnowledgeError(where, line, texts.ARTICLES_EMPTY.format(field=name)))
    if errors:
        return None, errors
    return Article(doc, number, item["title"].strip(), item["text"].strip(), item["source"].strip()), []


def parts(article: Article) -> Parts | None:
    """The clauses of an article, when its text numbers them 1, 2, 3… at line starts; else None (no clauses)."""
    intro: list[str] = []
    clauses: dict[int, list[str]] = {}
    current: list[str] = intro
    for line in article.text.split("\n"):
        found = _CLAUSE.match(line)
        if found and int(found.group(1)) == len(clauses) + 1:
            current = clauses.setdefault(int(found.group(1)), [])
        current.append(line)
    if not clauses:
        return None
    return Parts(tuple(intro), {n: tuple(lines) for n, lines in clauses.items()})


def find(kb: KnowledgeBase, doc: str, number: str) -> tuple[Document, Article]:
    """The article a reader asks for by document number and article number; NotFound names what is missing."""
    document = kb.documents.get(doc)
    if document is None:
        raise NotFound(texts.ARTICLE_UNKNOWN_DOC, "doc")
    if not number.isascii() or not number.isdigit() or len(number) > 4:
        raise NotFound(texts.ARTICLE_UNKNOWN, "article")
    article = kb.articles.get((doc, int(number)))
    if article is None:
        raise NotFound(texts.ARTICLE_NOT_BUNDLED.format(article=int(number), document=document.short), "article")
    return document, article


def article_json(document: Document, article: Article) -> dict[str, Any]:
    """The public JSON of one article (GET /api/articles)."""
    return {"doc": document.doc, "doc_title": document.name, "article": article.number, "title": article.title,
            "text": article.text, "source": article.source}
