"""A leaflet as a printable PDF page (A4 or A5), made in-process with fpdf2 and a system Unicode font.

No external service and no bundled font: Debian's fonts-dejavu-core (installed by .ci/run, present in the image)
covers every Vietnamese letter; Liberation Sans is the fallback. Without either, `find_fonts` returns None and the
caller answers that the PDF is unavailable (printing from the browser still works).
"""

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.core import texts
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.render import citation_line


@dataclass(frozen=True)
class PdfFonts:
    regular: Path
    bold: Path


_TRUETYPE = Path("/usr/share/fonts/truetype")
FONT_CANDIDATES: tuple[PdfFonts, ...] = (
    PdfFonts(_TRUETYPE / "dejavu/DejaVuSans.ttf", _TRUETYPE / "dejavu/DejaVuSans-Bold.ttf"),
    PdfFonts(_TRUETYPE / "liberation2/LiberationSans-Regular.ttf", _TRUETYPE / "liberation2/LiberationSans-Bold.ttf"),
    PdfFonts(_TRUETYPE / "liberation/LiberationSans-Regular.ttf", _TRUETYPE / "liberation/LiberationSans-Bold.ttf"),
)


@dataclass(frozen=True)
class Paper:
    size_mm: tuple[float, float]  # given in mm rather than by name: fpdf2 warns about the name "A5"
    margin: float  # mm
    title_pt: float
    body_pt: float
    small_pt: float


PAPERS: dict[str, Paper] = {
    "a4": Paper((210, 297), 16, 18, 11.5, 8.5),
    "a5": Paper((148, 210), 10, 13, 8.5, 6.5),
}


def find_fonts(candidates: Sequence[PdfFonts] = FONT_CANDIDATES) -> PdfFonts | None:
    """The first candidate whose regular and bold files both exist."""
    return next((f for f in candidates if f.regular.is_file() and f.bold.is_file()), None)


@functools.cache
def _codepoints(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _printable(text: str, covered: frozenset[int]) -> str:
    """NFC (fpdf2 does no shaping, so marks must be precomposed), minus characters the font lacks (e.g. emoji)."""
    return "".join(c for c in unicodedata.normalize("NFC", text) if c == "\n" or ord(c) in covered)


def is_heading(line: str) -> bool:
    """Leaflet section lines are written in capitals, e.g. '1. NHẬN VIỆC'."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 1 and len(line) <= 80 and all(c.isupper() for c in letters)


def leaflet_pdf(entry: Entry, kb: KnowledgeBase, fonts: PdfFonts, paper: str = "a4") -> bytes:
    """Title, body (capitalised lines as headings, bullets with a hanging indent), citation line, review date."""
    spec = PAPERS[paper]
    covered = _codepoints(fonts.regular) & _codepoints(fonts.bold)
    pdf = FPDF(format=spec.size_mm)
    pdf.set_margins(spec.margin, spec.margin, spec.margin)
    pdf.set_auto_page_break(True, margin=spec.margin)
    pdf.add_font("body", "", str(fonts.regular))
    pdf.add_font("body", "B", str(fonts.bold))
    pdf.set_title(_printable(entry.title, covered))
    pdf.set_lang("vi")
    pdf.add_page()
    line_h = spec.body_pt * 0.5
    pdf.set_font("body", "B", spec.title_pt)
    pdf.multi_cell(0, spec.title_pt * 0.5, _printable(entry.title, covered), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(line_h * 0.6)
    for raw in _printable(entry.answer, covered).split("\n"):
        line = raw.strip()
        if not line:
            pdf.ln(line_h * 0.5)
            continue
        pdf.set_font("body", "B" if is_heading(line) else "", spec.body_pt)
        if line.startswith(("•", "-")):
            pdf.cell(line_h * 1.2, line_h, "•")
            line = line[1:].strip()
        pdf.multi_cell(0, line_h, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(line_h)
    pdf.set_font("body", "", spec.small_pt)
    pdf.set_text_color(60, 60, 60)
    small_h = spec.small_pt * 0.5
    reviewed = texts.LIBRARY_REVIEWED.format(date=vn_date(entry.data.get("reviewed")))
    for text in (citation_line(entry.citations, kb.documents), reviewed, texts.LIBRARY_PDF_FOOTER):
        if text:
            pdf.multi_cell(0, small_h, _printable(text, covered), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def vn_date(value: object) -> str:
    """A date as Vietnamese readers write it: 27/11/2026 (a date, so no time-zone conversion)."""
    strftime = getattr(value, "strftime", None)
    return strftime("%d/%m/%Y") if strftime else str(value or "")
