"""What the figures pages send out besides HTML: the charts (SVG, PNG) and the tables.

Charts are drawn with presentation attributes only (the pages' Content-Security-Policy
forbids inline styles); a breakdown is drawn as bars of labelled rows, `(label, count)`."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import matplotlib

matplotlib.use("Agg")
from django.utils.html import escape  # noqa: E402
from django.utils.translation import gettext  # noqa: E402
from matplotlib.figure import Figure as PlotFigure  # noqa: E402

from vigil.csv_cells import SafeWriter  # noqa: E402
from vigil.figures import Series  # noqa: E402
from vigil.web.templatetags import localise  # noqa: E402


def csv_text(rows) -> str:
    out = io.StringIO()
    SafeWriter(out).writerows(rows)
    return out.getvalue()


def _grouped(number: int) -> str:
    return localise.number(number)


def _plot(series: Series | None, title: str, bars: list[tuple[str, int]]) -> PlotFigure:
    """The series as steps above the breakdown's bars (either may be absent)."""
    bar_height = 0.3 * len(bars) + 0.6 if bars else 0
    figure = PlotFigure(figsize=(8, (3.2 if series else 0.6) + bar_height), dpi=100)
    heights = [h for h, on in ((3.2, series is not None), (bar_height, bool(bars))) if on]
    grid = figure.add_gridspec(len(heights), 1, height_ratios=heights)
    if series is not None:
        _plot_series(figure.add_subplot(grid[0]), series)
    if bars:
        _plot_bars(figure.add_subplot(grid[-1]), bars)
    figure.suptitle(title, fontsize=9, x=0.01, ha="left", wrap=True)
    figure.tight_layout()
    return figure


def _plot_bars(axes, bars: list[tuple[str, int]]) -> None:
    labels = [label for label, _count in bars][::-1]
    counts = [count for _label, count in bars][::-1]
    # By position, not by label: two rows may share a label (a renamed vocabulary term).
    drawn = axes.barh(range(len(counts)), counts, color="#1f4e79")
    axes.set_yticks(range(len(labels)), labels)
    axes.bar_label(drawn, labels=[_grouped(c) for c in counts], padding=3, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    axes.xaxis.set_major_formatter(lambda value, _pos: _grouped(int(value)))


def _plot_series(axes, series: Series) -> None:
    axes.step(series.points, series.counts, where="post", color="#1f4e79", linewidth=1.6)
    if any(series.reported_apart):
        axes.step(series.points, series.reported_apart, where="post", color="#b35900",
                  linewidth=1, linestyle="--", label=gettext("reported apart"))
        axes.legend(loc="upper left", frameon=False, fontsize=8)
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    axes.yaxis.set_major_formatter(lambda value, _pos: _grouped(int(value)))


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
                     f'text-anchor="end" fill="#555">{_grouped(value)}</text>')
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


def chart_png(series: Series | None, title: str, bars: list[tuple[str, int]] = ()) -> bytes:
    """The chart as PNG: the series (when given) and the breakdown's bars (when given)."""
    buffer = io.BytesIO()
    _plot(series, title, list(bars)).savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


BAR, GAP, LABEL, WIDTH = 22, 6, 300, 760


def breakdown_svg(title: str, bars: list[tuple[str, int]]) -> str:
    """A breakdown as an inline <svg> of horizontal bars, one per labelled row."""
    if not bars:
        return ""
    peak = max(count for _label, count in bars) or 1
    height = 30 + len(bars) * (BAR + GAP)
    scale = (WIDTH - LABEL - 70) / peak
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" role="img" aria-labelledby="breakdown-title">',
             f'<title id="breakdown-title">{escape(title)}</title>']
    for i, (label, count) in enumerate(bars):
        y = 20 + i * (BAR + GAP)
        parts.append(f'<text x="{LABEL - 8}" y="{y + BAR * 0.7:.1f}" font-size="13" '
                     f'text-anchor="end" fill="#333">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{count * scale:.1f}" height="{BAR}" '
                     f'fill="#1f4e79"/>')
        parts.append(f'<text x="{LABEL + count * scale + 6:.1f}" y="{y + BAR * 0.7:.1f}" '
                     f'font-size="13" fill="#333">{_grouped(count)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def chart_bars(breakdown: dict | None, total: int) -> list[tuple[str, int]]:
    """The bars of a labelled breakdown (suppressed rows left out), or one bar for the total
    when there is no breakdown."""
    if not breakdown:
        return [(gettext("total"), total)]
    return [(row["label"], row["count"]) for row in breakdown["rows"]
            if row.get("count") is not None]


def zip_of_tables(tables: dict[str, list[list]], extra: dict[str, str] | None = None) -> bytes:
    """Tables as CSV files in one zip, each file one table with a header row, so that every
    file opens as a table. Entries carry a fixed time, so the same tables give the same
    bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in [*((f"{n}.csv", csv_text(rows)) for n, rows in tables.items()),
                           *(extra or {}).items()]:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
