"""Data files beside the entries: the scope tree, the paperwork templates, the communes, the logbook lists and the bundled
article texts.

The same parser serves the directory (`hoagiai check`, first import) and the database copy (`load_live`), so what
editors publish in the console is validated exactly like what is bundled.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot.core.articles import ARTICLES_DIR, Article, is_article_file, parse_article_file
from bot.core.communes import COMMUNES_FILE, Commune, parse_communes
from bot.core.doc_templates import FormTemplate, parse_template
from bot.core.knowledge import Document, KnowledgeError
from bot.core.logbook_lists import EMPTY as NO_LOGBOOK
from bot.core.logbook_lists import LOGBOOK_FILE, LogbookLists, parse_logbook
from bot.core.scope_tree import ScopeTree, parse_scope_tree

SCOPE_TREE_FILE = "scope_tree.yaml"
TEMPLATES_DIR = "templates"


@dataclass(frozen=True)
class DataFiles:
    scope_tree: ScopeTree | None = None
    templates: Mapping[str, FormTemplate] = field(default_factory=lambda: MappingProxyType({}))
    articles: Mapping[tuple[str, int], Article] = field(default_factory=lambda: MappingProxyType({}))
    communes: Mapping[str, Commune] = field(default_factory=lambda: MappingProxyType({}))
    logbook: LogbookLists = NO_LOGBOOK
    errors: tuple[KnowledgeError, ...] = ()


def is_data_file(name: str) -> bool:
    return name in (SCOPE_TREE_FILE, COMMUNES_FILE, LOGBOOK_FILE) or _is_template(name) or is_article_file(name)


def _is_template(name: str) -> bool:
    return name.startswith(f"{TEMPLATES_DIR}/") and name.endswith(".yaml")


def read_data_files(root: Path) -> tuple[dict[str, str], list[KnowledgeError]]:
    """The texts of the data files under `root`, keyed by their name relative to it."""
    paths = [root / SCOPE_TREE_FILE, root / COMMUNES_FILE, root / LOGBOOK_FILE,
             *sorted((root / TEMPLATES_DIR).glob("*.yaml")),
             *sorted((root / ARTICLES_DIR).glob("*.yaml"))]
    files: dict[str, str] = {}
    errors: list[KnowledgeError] = []
    for path in paths:
        if not path.is_file():
            continue
        try:
            files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            errors.append(KnowledgeError(str(path), 0, f"không phải UTF-8 ({exc.reason})"))
    return files, errors


def parse_data_files(
    files: Mapping[str, str], documents: Mapping[str, Document], where: Callable[[str], str] = str
) -> DataFiles:
    """Parse every data file; a broken one is left out and reported (`where(name)` is the path shown)."""
    errors: list[KnowledgeError] = []
    tree = None
    if SCOPE_TREE_FILE in files:
        tree, found = parse_scope_tree(files[SCOPE_TREE_FILE], where(SCOPE_TREE_FILE), documents)
        errors += found
    communes: Mapping[str, Commune] = {}
    if COMMUNES_FILE in files:
        parsed, found = parse_communes(files[COMMUNES_FILE], where(COMMUNES_FILE))
        communes, errors = parsed or {}, errors + found
    logbook = NO_LOGBOOK
    if LOGBOOK_FILE in files:
        lists, found = parse_logbook(files[LOGBOOK_FILE], where(LOGBOOK_FILE))
        logbook, errors = lists or NO_LOGBOOK, errors + found
    templates: dict[str, FormTemplate] = {}
    for name in sorted(n for n in files if _is_template(n)):
        template_id = name.removeprefix(f"{TEMPLATES_DIR}/").removesuffix(".yaml")
        template, found = parse_template(files[name], where(name), template_id, documents)
        errors += found
        if template is not None:
            templates[template.id] = template
    ordered = dict(sorted(templates.items(), key=lambda kv: (kv[1].order, kv[0])))
    articles: dict[tuple[str, int], Article] = {}
    for name in sorted(n for n in files if is_article_file(n)):
        found_articles, found = parse_article_file(name, files[name], where(name), documents)
        errors += found
        articles.update(((a.doc, a.number), a) for a in found_articles)
    return DataFiles(tree, MappingProxyType(ordered), MappingProxyType(articles), MappingProxyType(dict(communes)),
                     logbook, tuple(errors))
