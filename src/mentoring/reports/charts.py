"""Bar charts as SVG, drawn in Python for the PDF report (WeasyPrint runs no
JavaScript): one group of horizontal bars per table row, one bar per charted
column, the value written at the end of each bar. A suppressed or missing
value draws no bar but its text ("fewer than 3 answers", "–").

Every text is escaped; the result is marked safe for the template.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mentoring.reports.tables import Table

WIDTH = 500
LABEL_WIDTH = 230
VALUE_WIDTH = 80
BAR_HEIGHT = 11
GROUP_GAP = 7
LEGEND_HEIGHT = 16
FONT_SIZE = 8
#: Characters of a row label that fit in the label area at ``FONT_SIZE``.
LABEL_CHARACTERS = 52
#: Bar colours of the data sets (the site's blue, then a warm contrast).
COLOURS = ("#1d4e89", "#d9822b", "#4a7c59")


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


def table_svg(table: Table) -> SafeString:
    """The table's chart as an SVG element ("" when it has none)."""
    chart = table.chart
    if chart is None or table.is_empty:
        return mark_safe("")
    series = chart.columns
    values = [
        float(row.cells[column].value)  # type: ignore[arg-type]
        for row in table.rows
        for column in series
        if row.cells[column].value is not None
    ]
    top = chart.max_value or max([*values, 1.0])
    bar_area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    group_height = BAR_HEIGHT * len(series) + GROUP_GAP
    legend = LEGEND_HEIGHT if len(series) > 1 else 0
    height = legend + group_height * len(table.rows) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(table.caption)}" font-family="DejaVu Sans, sans-serif" '
        f'font-size="{FONT_SIZE}">'
    ]
    if legend:
        x = LABEL_WIDTH
        for index, column in enumerate(series):
            colour = COLOURS[index % len(COLOURS)]
            name = escape(table.columns[column])
            parts.append(f'<rect x="{x}" y="3" width="9" height="9" fill="{colour}"/>')
            parts.append(f'<text x="{x + 13}" y="11">{name}</text>')
            x += 20 + int(len(table.columns[column]) * FONT_SIZE * 0.55)
    y = legend
    for row in table.rows:
        label_y = y + (BAR_HEIGHT * len(series)) / 2 + FONT_SIZE / 2 - 1
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{label_y:.1f}" text-anchor="end">'
            f"{escape(_label(row.label))}</text>"
        )
        for index, column in enumerate(series):
            cell = row.cells[column]
            bar_y = y + index * BAR_HEIGHT
            colour = COLOURS[index % len(COLOURS)]
            length = 0.0
            if cell.value is not None and top > 0:
                length = max(0.0, min(1.0, float(cell.value) / top)) * bar_area
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{bar_y + 1}" width="{length:.1f}" '
                    f'height="{BAR_HEIGHT - 2}" fill="{colour}"/>'
                )
            text = cell.text
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + BAR_HEIGHT - 2.5:.1f}" '
                f'fill="#1b1f24">{escape(text)}</text>'
            )
        y += group_height
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{legend}" x2="{LABEL_WIDTH}" y2="{height - 2}" '
        'stroke="#4a5560" stroke-width="0.8"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
