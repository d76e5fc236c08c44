"""Inline SVG charts that read without colour.

Every status has a fill pattern as well as a colour (solid, diagonal hatching, dots, blank
with an outline), every segment wide enough carries its number, and every chart has a
``<title>``/``<desc>`` and is followed on the page by a table with the same numbers (its
text equivalent). The colours are from the Okabe-Ito palette, chosen to stay distinct for
the common colour-vision deficiencies; the patterns keep them apart in greyscale print.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

#: status -> (label, pattern id); the patterns are defined once per page by :func:`defs`.
SERIES = (
    ("eligible", "eligible (or held)", "p-eligible"),
    ("near", "near", "p-near"),
    ("needs_info", "needs information", "p-info"),
    ("not_eligible", "not eligible", "p-not"),
)
#: Text colour on each pattern, for the numbers inside segments.
_INK = {"p-eligible": "#ffffff", "p-near": "#000000", "p-info": "#000000", "p-not": "#000000"}


def defs() -> str:
    """The pattern definitions, in a hidden SVG the charts refer to."""
    return (
        '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
        '<pattern id="p-eligible" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#0072B2"/></pattern>'
        '<pattern id="p-near" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#F0C987"/>'
        '<rect width="3" height="8" fill="#E69F00"/></pattern>'
        '<pattern id="p-info" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#CDE8F6"/><circle cx="4" cy="4" r="1.6" '
        'fill="#333333"/></pattern>'
        '<pattern id="p-not" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#F2F2F2"/></pattern>'
        "</defs></svg>"
    )


def legend() -> str:
    """A legend in HTML (swatches drawn with the same patterns, then the words)."""
    items = []
    for _, label, pattern in SERIES:
        items.append(
            f'<li><svg width="22" height="14" aria-hidden="true"><rect width="22" height="14" '
            f'fill="url(#{pattern})" stroke="#333"/></svg> {escape(label)}</li>'
        )
    return f'<ul class="legend">{"".join(items)}</ul>'


def stacked_bars(
    chart_id: str, title: str, rows: Sequence[tuple[str, Sequence[int]]], total: int,
    names: Sequence[str] | None = None,
) -> str:
    """Horizontal bars, one per row, split by :data:`SERIES`; counts printed inside.

    :param rows: (label, counts in :data:`SERIES` order).
    :param total: the people each bar stands for (the bar's full width).
    :param names: what each series means, when not the statuses (an empty name: unused).
    """
    names = list(names) if names is not None else [s[1] for s in SERIES]
    label_w, bar_w, row_h = 320, 520, 26
    height = row_h * len(rows) + 8
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{n} {name}" for n, name in zip(counts, names, strict=True)
                                 if name)
        for label, counts in rows
    )
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        f'viewBox="0 0 {label_w + bar_w + 10} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
    ]
    for i, (label, counts) in enumerate(rows):
        y = 4 + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" '
                     f'font-size="12">{escape(_short(label))}<title>{escape(label)}</title>'
                     "</text>")
        x = float(label_w)
        for n, name, (_, _, pattern) in zip(counts, names, SERIES, strict=True):
            if n <= 0 or total <= 0:
                continue
            w = bar_w * n / total
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" '
                         f'fill="url(#{pattern})" stroke="#333" stroke-width="0.6">'
                         f"<title>{escape(label)}: {n} {escape(name)}</title></rect>")
            if w >= 8 * len(str(n)) + 4:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 14}" text-anchor="middle" '
                             f'font-size="11" fill="{_INK[pattern]}" stroke="none">{n}</text>')
            x += w
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int = 46) -> str:
    """A label that fits the chart's label column (the full text is its tooltip)."""
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


def simple_bars(chart_id: str, title: str, rows: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars of one series (people by level), each labelled with its count."""
    label_w, bar_w, row_h = 130, 420, 24
    top = max((n for _, n in rows), default=0) or 1
    height = row_h * len(rows) + 8
    desc = "; ".join(f"{label}: {n}" for label, n in rows)
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        f'viewBox="0 0 {label_w + bar_w + 70} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
    ]
    for i, (label, n) in enumerate(rows):
        y = 4 + i * row_h
        w = bar_w * n / top
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" '
                     f'font-size="12">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row_h - 6}" '
                     f'fill="url(#p-eligible)" stroke="#333" stroke-width="0.6"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="12">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)
