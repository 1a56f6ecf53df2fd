"""What the figures pages send out besides HTML: the chart (SVG, PNG) and the CSV."""

from __future__ import annotations

import csv
import io

import matplotlib

matplotlib.use("Agg")
from django.utils.translation import gettext  # noqa: E402
from matplotlib.figure import Figure as PlotFigure  # noqa: E402

from vigil.figures import Series  # noqa: E402

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run: text starting with = + - @ tab or CR is
    prefixed with an apostrophe (OWASP's advice against formula injection)."""
    text = "" if value is None else str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
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


def chart_svg(series: Series, title: str) -> str:
    """The chart as an inline <svg> element (text kept as text, no XML prologue)."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "vigil"}):
        _plot(series, title).savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def chart_png(series: Series, title: str) -> bytes:
    buffer = io.BytesIO()
    _plot(series, title).savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
