"""A breakdown as an SVG bar chart, drawn with presentation attributes only (the pages'
Content-Security-Policy forbids inline styles)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.translation import gettext as _

BAR, GAP, LABEL, WIDTH = 22, 6, 260, 760


def breakdown_svg(title: str, rows: list[tuple]) -> str:
    if not rows:
        return ""
    peak = max(count for _value, count in rows) or 1
    height = 30 + len(rows) * (BAR + GAP)
    scale = (WIDTH - LABEL - 60) / peak
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" role="img" aria-labelledby="breakdown-title">',
             f'<title id="breakdown-title">{escape(title)}</title>']
    for i, (value, count) in enumerate(rows):
        y = 20 + i * (BAR + GAP)
        label = _("not recorded") if value is None else str(value)
        parts.append(f'<text x="{LABEL - 8}" y="{y + BAR * 0.7:.1f}" font-size="13" '
                     f'text-anchor="end" fill="#333">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{count * scale:.1f}" height="{BAR}" '
                     f'fill="#1f4e79"/>')
        parts.append(f'<text x="{LABEL + count * scale + 6:.1f}" y="{y + BAR * 0.7:.1f}" '
                     f'font-size="13" fill="#333">{count}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
