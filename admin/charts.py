"""Small server-side SVG charts (no script, no CDN): stacked daily bars and horizontal bars."""

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

SERIES_COLORS = ("#2e7d32", "#f9a825", "#c62828")  # answer, suggest, none
BAR_COLOR = "#1565c0"


def stacked_bars(
    labels: Sequence[str], series: Sequence[Sequence[int]], names: Sequence[str], *, height: int = 180,
    label: str = "", table_id: str = "",
) -> Markup:
    """One stacked bar per label (e.g. per day); `series[i][j]` is the value of series i on label j.

    A chart is an image to assistive technology: `label` summarizes it and `table_id` names the table that gives its
    numbers (its text alternative, rendered by the page).
    """
    n = len(labels)
    width = max(640, n * 12)
    top, bottom, left = 10, 24, 40
    plot_h = height - top - bottom
    totals = [sum(s[j] for s in series) for j in range(n)]
    peak = max(totals, default=0) or 1
    step = (width - left) / max(n, 1)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(label or " / ".join(names))}"{_described_by(table_id)}>',
             f'<text x="0" y="{top + 8}" font-size="12">{peak}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width}" y2="{top + plot_h}" stroke="#999"/>']
    for j, label in enumerate(labels):
        y = float(top + plot_h)
        x = left + j * step
        for i, values in enumerate(series):
            h = values[j] / peak * plot_h
            if h > 0:
                y -= h
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}" '
                             f'fill="{SERIES_COLORS[i % len(SERIES_COLORS)]}"><title>{escape(label)} — '
                             f'{escape(names[i])}: {values[j]}</title></rect>')
        if j % max(1, n // 6) == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 8}" font-size="12">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def horizontal_bars(items: Sequence[tuple[str, int]], *, label: str, width: int = 640, table_id: str = "") -> Markup:
    """A labelled bar per item, longest first as given (`table_id`: the table of the same numbers)."""
    row = 22
    height = max(row, row * len(items))
    peak = max((v for _, v in items), default=0) or 1
    label_w = 260
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}"'
             f'{_described_by(table_id)}>']
    for k, (name, value) in enumerate(items):
        y = k * row
        w = value / peak * (width - label_w - 40)
        short = name if len(name) <= 40 else name[:39] + "…"
        parts.append(f'<text x="0" y="{y + 15}" font-size="13">{escape(short)}<title>{escape(name)}</title></text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row - 8}" fill="{BAR_COLOR}"/>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="13">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def _described_by(table_id: str) -> str:
    return f' aria-describedby="{escape(table_id)}"' if table_id else ""
