"""Paperwork templates (knowledge/templates/<id>.yaml): the model, its validation, and the plain-text rendering.

A template lists the document's title, its sections and, in order, the fields the guided conversation asks for.
Editors change the YAML; `parse_template` refuses a template that would break the conversation, naming file and line.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core import texts
from bot.core.knowledge import Citation, KnowledgeError
from bot.core.yamlspots import SLUG_RE, Problems, check_citations, parse_yaml, text_value, unknown_keys

MAX_CHOICES = 6
MAX_PROMPT = 400
MAX_LINE = 200


@dataclass(frozen=True)
class FormField:
    id: str
    prompt: str
    label: str | None = None  # None: the answer stands alone under its section heading
    choices: tuple[str, ...] = ()
    names: bool = False  # holds names or places: typed without any diacritics, the user is asked once to retype


@dataclass(frozen=True)
class FormSection:
    heading: str
    fields: tuple[FormField, ...] = ()
    notes: tuple[str, ...] = ()
    element: str | None = None  # the point of the article this section carries (e.g. "a" of Art 24(2))


@dataclass(frozen=True)
class Signatures:
    heading: str
    hint: str
    signers: tuple[str, ...]
    element: str | None = None


@dataclass(frozen=True)
class FormTemplate:
    id: str
    label: str
    order: int
    title: str
    header: tuple[str, ...]
    intro: str
    citations: tuple[Citation, ...]
    sections: tuple[FormSection, ...]
    signatures: Signatures

    @property
    def fields(self) -> tuple[FormField, ...]:
        return tuple(f for s in self.sections for f in s.fields)


def parse_template(
    text: str, path: str, template_id: str, documents: Mapping[str, Any]
) -> tuple[FormTemplate | None, list[KnowledgeError]]:
    """Parse and validate one template; `template_id` is the file name without `.yaml`."""
    try:
        raw = parse_yaml(text, path)
    except KnowledgeError as exc:
        return None, [exc]
    problems = Problems(path, text)
    if not isinstance(raw, dict):
        problems.add("", "mẫu văn bản phải là một ánh xạ (id, label, title, sections, signatures…)")
        return None, problems.errors
    allowed = {"id", "label", "order", "title", "header", "intro", "citations", "sections", "signatures"}
    unknown_keys(raw, allowed, "", problems)
    if raw.get("id") != template_id or not SLUG_RE.match(template_id):
        problems.add("id", f"`id` ({raw.get('id')}) phải trùng tên tệp ({template_id}), chữ thường không dấu")
    order = raw.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        problems.add("order", "`order` phải là số nguyên")
        order = 100
    template = FormTemplate(
        id=template_id,
        label=text_value(raw.get("label"), "label", problems, max_len=40, one_line=True),
        order=order,
        title=text_value(raw.get("title"), "title", problems, max_len=MAX_LINE, one_line=True),
        header=_lines(raw.get("header", []), "header", problems),
        intro=text_value(raw.get("intro"), "intro", problems, max_len=MAX_PROMPT * 2),
        citations=check_citations(raw.get("citations"), documents, "citations", problems),
        sections=_sections(raw.get("sections"), problems),
        signatures=_signatures(raw.get("signatures"), problems),
    )
    if not template.fields:
        problems.add("sections", "mẫu văn bản cần ít nhất một câu hỏi (`fields`)")
    if problems.errors:
        return None, problems.errors
    return template, []


def _lines(value: Any, spot: str, problems: Problems) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.add(spot, f"`{spot}` phải là danh sách các dòng")
        return ()
    return tuple(text_value(v, f"{spot}[{i}]", problems, max_len=MAX_PROMPT * 2) for i, v in enumerate(value))


def _sections(value: Any, problems: Problems) -> tuple[FormSection, ...]:
    if not isinstance(value, list) or not value:
        problems.add("sections", "`sections` phải là danh sách các mục {heading, fields, notes}")
        return ()
    sections = []
    seen: set[str] = set()
    for i, raw in enumerate(value):
        spot = f"sections[{i}]"
        if not isinstance(raw, dict):
            problems.add(spot, "mỗi mục cần `heading` và `fields` hoặc `notes`")
            continue
        unknown_keys(raw, {"heading", "element", "fields", "notes"}, spot, problems)
        heading = text_value(raw.get("heading"), f"{spot}.heading", problems, max_len=MAX_LINE, one_line=True)
        fields = tuple(_field(f, f"{spot}.fields[{j}]", problems) for j, f in enumerate(raw.get("fields") or []))
        for j, f in enumerate(fields):
            if f.id and f.id in seen:
                problems.add(f"{spot}.fields[{j}].id", f"`id` của câu hỏi bị trùng: {f.id}")
            seen.add(f.id)
        notes = _lines(raw.get("notes", []), f"{spot}.notes", problems)
        element = raw.get("element")
        sections.append(FormSection(heading, fields, notes, None if element is None else str(element)))
    return tuple(sections)


def _field(raw: Any, spot: str, problems: Problems) -> FormField:
    if not isinstance(raw, dict):
        problems.add(spot, "mỗi câu hỏi cần `id` và `prompt` (và có thể có `label`, `choices`)")
        return FormField("", "")
    unknown_keys(raw, {"id", "label", "prompt", "choices", "names"}, spot, problems)
    field_id = raw.get("id")
    if not isinstance(field_id, str) or not SLUG_RE.match(field_id):
        problems.add(f"{spot}.id", "`id` của câu hỏi phải là chuỗi chữ thường không dấu, số, gạch ngang")
        field_id = ""
    label = raw.get("label")
    if label is not None:
        label = text_value(label, f"{spot}.label", problems, max_len=MAX_LINE, one_line=True)
    choices = raw.get("choices") or []
    if not isinstance(choices, list) or len(choices) > MAX_CHOICES:
        problems.add(f"{spot}.choices", f"`choices` phải là danh sách tối đa {MAX_CHOICES} lựa chọn")
        choices = []
    names = raw.get("names", False)
    if not isinstance(names, bool):
        problems.add(f"{spot}.names", "`names` phải là true hoặc false")
        names = False
    return FormField(
        id=str(field_id),
        prompt=text_value(raw.get("prompt"), f"{spot}.prompt", problems, max_len=MAX_PROMPT),
        label=label,
        choices=tuple(text_value(c, f"{spot}.choices[{k}]", problems, max_len=64, one_line=True)
                      for k, c in enumerate(choices)),
        names=names,
    )


def _signatures(value: Any, problems: Problems) -> Signatures:
    if not isinstance(value, dict):
        problems.add("signatures", "`signatures` cần `heading`, `hint` và `signers` (danh sách người ký)")
        return Signatures("", "", ())
    unknown_keys(value, {"heading", "hint", "signers", "element"}, "signatures", problems)
    signers = _lines(value.get("signers"), "signatures.signers", problems)
    if not signers:
        problems.add("signatures.signers", "`signers` cần ít nhất một người ký")
    element = value.get("element")
    return Signatures(
        heading=text_value(value.get("heading"), "signatures.heading", problems, max_len=MAX_LINE, one_line=True),
        hint=text_value(value.get("hint"), "signatures.hint", problems, max_len=MAX_LINE, one_line=True),
        signers=signers,
        element=None if element is None else str(element),
    )


# --- rendering -------------------------------------------------------------------------------------------------------


def field_names(template: FormTemplate) -> list[str]:
    """What each question is called when the answers are reviewed: its label, else its section's heading."""
    return [f.label or s.heading.split(". ", 1)[-1] for s in template.sections for f in s.fields]


def value_of(answers: Mapping[str, str], field: FormField) -> str:
    """The answer, or the dotted line that keeps a skipped field visibly blank."""
    return answers.get(field.id) or texts.FORM_BLANK


def render_text(template: FormTemplate, answers: Mapping[str, str]) -> str:
    """The plain-text version of the filled document, as a chat message shows it."""
    parts = ["\n".join(template.header), template.title]
    for section in template.sections:
        lines = [section.heading]
        for field in section.fields:
            value = value_of(answers, field)
            lines.append(f"- {field.label}: {value}" if field.label else value)
        lines += [f"({note})" for note in section.notes]
        parts.append("\n".join(lines))
    sig = template.signatures
    parts.append("\n".join([sig.heading, *(f"{s}: {texts.FORM_BLANK} {sig.hint}" for s in sig.signers)]))
    return "\n\n".join(p for p in parts if p)
