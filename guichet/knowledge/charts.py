"""Server-rendered SVG charts for the analytics dashboard (pure; no JavaScript, no CDN).

Every label is escaped; each chart carries role="img" and an aria-label, and the dashboard
shows the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK, MUTED, GRID, BAR, LINE = "#1b1f24", "#4b5563", "#e4e7ec", "#2563eb", "#047857"


def _fmt(value: float, percent: bool) -> str:
    return f"{value * 100:.0f} %" if percent else f"{value:g}"


def bar_chart(
    rows: Sequence[tuple[str, float]], *, title: str, width: int = 560, percent: bool = False,
    colour: str = BAR,
) -> SafeString:  # fmt: skip
    """Horizontal bars, one per row (label, value), longest first as given."""
    bar_h, gap, label_w, value_w = 20, 8, 210, 56
    height = max(1, len(rows)) * (bar_h + gap) + gap
    top = max([value for _, value in rows] + [1 if percent else 0]) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    span = width - label_w - value_w
    for index, (label, value) in enumerate(rows):
        y = gap + index * (bar_h + gap)
        length = max(1.0, span * value / top) if value else 0
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" font-size="12" '
            f'fill="{INK}"><title>{escape(label)}</title>{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" rx="3" '
            f'fill="{colour}"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + 14}" font-size="12" '
            f'fill="{MUTED}">{_fmt(value, percent)}</text>'
        )
    if not rows:
        parts.append(f'<text x="8" y="18" font-size="12" fill="{MUTED}">—</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above


def line_chart(
    points: Sequence[tuple[str, float | None]], *, title: str, width: int = 640, height: int = 220,
    percent: bool = True,
) -> SafeString:  # fmt: skip
    """A line over days (label, value); None leaves a gap (no data that day)."""
    left, right, top, bottom = 44, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, v in points if v is not None]
    y_max = 1.0 if percent else max(values + [1.0])
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in range(5):  # grid and y labels
        value = y_max * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{MUTED}">{_fmt(value, percent)}</text>'
        )
    step = plot_w / max(1, len(points) - 1)
    segment: list[str] = []
    segments: list[list[str]] = []
    for index, (label, point) in enumerate(points):
        x = left + index * step
        if index % max(1, len(points) // 6) == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" font-size="11" '
                         f'fill="{MUTED}">{escape(label)}</text>')  # fmt: skip
        if point is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        y = top + plot_h - plot_h * min(point, y_max) / y_max
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{LINE}">'
                     f"<title>{escape(label)} : {_fmt(point, percent)}</title></circle>")  # fmt: skip
    if segment:
        segments.append(segment)
    for line in segments:
        parts.append(f'<polyline fill="none" stroke="{LINE}" stroke-width="2" '
                     f'points="{" ".join(line)}"/>')  # fmt: skip
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above
