"""What the figures pages send out besides HTML: the chart (SVG, PNG) and the CSV."""

from __future__ import annotations

import datetime as dt
import io

import matplotlib

matplotlib.use("Agg")
from django.utils.html import escape  # noqa: E402
from django.utils.translation import gettext  # noqa: E402
from matplotlib.figure import Figure as PlotFigure  # noqa: E402

from vigil.csv_cells import SafeWriter  # noqa: E402
from vigil.figures import Series  # noqa: E402


def csv_text(rows) -> str:
    out = io.StringIO()
    SafeWriter(out).writerows(rows)
    return out.getvalue()


def _plot(series: Series, title: str) -> PlotFigure:
    figure = PlotFigure(figsize=(8, 3.2), dpi=100)
    axes = figure.add_subplot()
    axes.step(series.points, series.counts, where="post", color="#1f4e79", linewidth=1.6)
    if any(series.reported_apart):
        axes.step(series.points, series.reported_apart, where="post", color="#b35900",
                  linewidth=1, linestyle="--", label=gettext("reported apart"))
        axes.legend(loc="upper left", frameon=False, fontsize=8)
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(title, fontsize=9, loc="left", wrap=True)
    axes.tick_params(labelsize=8)
    figure.tight_layout()
    return figure


def _nice_step(top: int) -> int:
    raw = max(top, 1) / 5
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _x_ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    if (last - first).days > 2 * 366:
        return [(dt.date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1)]
    ticks, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first and day.month in (1, 4, 7, 10):
            ticks.append((day, day.strftime("%Y-%m")))
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return ticks


def chart_svg(series: Series, title: str) -> str:
    """The chart as an inline <svg> element drawn with presentation attributes only (no
    style attributes, which the Content-Security-Policy of the pages would block)."""
    width, height, left, right, top, bottom = 800, 280, 56, 16, 36, 32
    first, last = series.periods[0][0], series.periods[-1][1]
    span = max((last - first).days, 1)
    peak = max([*series.counts, *series.reported_apart, 1])
    step = _nice_step(peak)
    ymax = step * -(-peak // step)

    def x(day: dt.date) -> float:
        return round(left + (width - left - right) * (day - first).days / span, 1)

    def y(value: int) -> float:
        return round(height - bottom - (height - top - bottom) * value / ymax, 1)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-labelledby="chart-title">',
             f'<title id="chart-title">{escape(title)}</title>',
             f'<text x="{left}" y="16" font-size="12" fill="#333">{escape(title)}</text>']
    for value in range(0, ymax + 1, step):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value)}" '
                     f'y2="{y(value)}" stroke="#dddddd" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4}" font-size="11" '
                     f'text-anchor="end" fill="#555">{value:,}</text>')
    for day, label in _x_ticks(first, last):
        parts.append(f'<line x1="{x(day)}" x2="{x(day)}" y1="{height - bottom}" '
                     f'y2="{height - bottom + 4}" stroke="#555"/>')
        parts.append(f'<text x="{x(day)}" y="{height - bottom + 16}" font-size="11" '
                     f'text-anchor="middle" fill="#555">{escape(label)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{height - bottom}" '
                 f'y2="{height - bottom}" stroke="#555"/>')
    for values, colour, dash in ((series.reported_apart, "#b35900", ' stroke-dasharray="4 3"'),
                                 (series.counts, "#1f4e79", "")):
        if values is series.reported_apart and not any(values):
            continue
        points = " ".join(f"{x(end)},{y(v)}" for (_, end), v in
                          zip(series.periods, values, strict=True))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"{dash}/>')
    if any(series.reported_apart):
        parts.append(f'<text x="{width - right}" y="{top - 4}" font-size="11" '
                     f'text-anchor="end" fill="#b35900">- - {escape(gettext("reported apart"))}'
                     "</text>")
    parts.append("</svg>")
    return "\n".join(parts)


def chart_png(series: Series, title: str) -> bytes:
    buffer = io.BytesIO()
    _plot(series, title).savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
