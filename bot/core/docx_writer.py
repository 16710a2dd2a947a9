"""A filled paperwork template as a Word file (.docx), laid out the way commune offices print documents.

Times New Roman 13 on A4 with the margins of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP), so the
file prints as expected; the document properties carry the title only, never what the user typed.
"""

import io
from collections.abc import Mapping

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from bot.core.doc_templates import FormTemplate, value_of

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"


def render_docx(template: FormTemplate, answers: Mapping[str, str]) -> bytes:
    doc = new_document()
    _page_setup(doc)
    for i, line in enumerate(template.header):
        _centered(doc, line, bold=True, size=13 if i else 12)
    _centered(doc, template.title, bold=True, size=14, space_before=18)
    for section in template.sections:
        heading = doc.add_paragraph()
        heading.paragraph_format.space_before = Pt(8)
        heading.add_run(section.heading).bold = True
        for field in section.fields:
            paragraph = doc.add_paragraph()
            if field.label:
                paragraph.add_run(f"{field.label}: ")
            paragraph.add_run(value_of(answers, field))
        for note in section.notes:
            doc.add_paragraph().add_run(note).italic = True
    _signatures(doc, template)
    doc.core_properties.title = template.title
    doc.core_properties.author = "Trợ lý Hòa giải"
    doc.core_properties.comments = ""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.paragraph_format.space_after = Pt(3)


def _centered(doc: DocxDocument, text: str, *, bold: bool, size: int, space_before: int = 0) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _signatures(doc: DocxDocument, template: FormTemplate) -> None:
    """Heading, then one column per signer: name, hint, and room to sign or press a fingerprint."""
    sig = template.signatures
    heading = doc.add_paragraph()
    heading.paragraph_format.space_before = Pt(12)
    heading.add_run(sig.heading).bold = True
    table = doc.add_table(rows=3, cols=len(sig.signers))
    for col, signer in enumerate(sig.signers):
        name, hint, space = (table.cell(row, col).paragraphs[0] for row in range(3))
        for paragraph in (name, hint):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        name.add_run(signer).bold = True
        hint_run = hint.add_run(sig.hint)
        hint_run.italic = True
        hint_run.font.size = Pt(11)
        space.paragraph_format.space_before = Pt(60)
