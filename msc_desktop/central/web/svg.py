"""Charts the pages draw on the server as SVG (no script): the CONSORT flow and recruitment."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def _box(
    x: int, y: int, width: int, lines: Sequence[str], emphasis: bool = False, bold_last: bool = True
) -> str:
    height = 14 + 18 * len(lines)
    fill = "#e8f0fb" if emphasis else "#ffffff"
    parts = [
        (
            f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="4" '
            f'fill="{fill}" stroke="#33506e"/>'
        )
    ]
    for index, line in enumerate(lines):
        weight = ' font-weight="bold"' if bold_last and index == len(lines) - 1 else ""
        parts.append(
            f'<text x="{x + width // 2}" y="{y + 22 + 18 * index}" '
            f'text-anchor="middle"{weight}>{escape(line)}</text>'
        )
    return "".join(parts)


def _arrow(x1: int, y1: int, x2: int, y2: int) -> str:
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#33506e" marker-end="url(#arrow)"/>'
    )


def consort(
    title: str,
    screened: tuple[str, int],
    excluded: Sequence[tuple[str, int]],
    randomized: tuple[str, int],
    arms: Sequence[tuple[str, Sequence[tuple[str, int]]]],
) -> str:
    """A CONSORT flow: screened -> (excluded, with reasons) -> randomized -> one column per arm
    with its stages. Every label is given already in the page's language."""
    width = 760
    height = 300 + 50 * max((len(stages) for _arm, stages in arms), default=0)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'font-family="sans-serif" '
            f'font-size="13"><title>{escape(title)}</title>'
            '<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="7" refY="4" '
            'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#33506e"/></marker></defs>'
        )
    ]
    parts.append(_box(230, 10, 300, [screened[0], str(screened[1])], True))
    excluded_lines = [f"{label}: {count}" for label, count in excluded]
    parts.append(_box(560, 70, 190, excluded_lines, bold_last=False))
    parts.append(_arrow(380, 60, 380, 150))
    parts.append(_arrow(380, 100, 558, 100))
    parts.append(_box(230, 150, 300, [randomized[0], str(randomized[1])], True))
    column = (width - 40) // max(len(arms), 1)
    for index, (arm, stages) in enumerate(arms):
        x = 20 + index * column + 10
        box_width = column - 20
        parts.append(_arrow(380, 200, x + box_width // 2, 240))
        y = 240
        parts.append(_box(x, y, box_width, [arm], True))
        y += 40
        for label, count in stages:
            parts.append(_arrow(x + box_width // 2, y, x + box_width // 2, y + 14))
            y += 14
            parts.append(_box(x, y, box_width, [f"{label}: {count}"]))
            y += 36
    parts.append("</svg>")
    return "".join(parts)


def recruitment(
    title: str, months: Sequence[tuple[str, int, int]], target: int, target_label: str
) -> str:
    """Randomized per month (bars) and cumulative (line) against the target."""
    width, height, left, bottom = 760, 260, 50, 40
    plot_w, plot_h = width - left - 20, height - bottom - 20
    top = max([target] + [total for _month, _count, total in months])
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'font-family="sans-serif" font-size="11"><title>{escape(title)}</title>'
        ),
        f'<line x1="{left}" y1="20" x2="{left}" y2="{20 + plot_h}" stroke="#444"/>',
        (
            f'<line x1="{left}" y1="{20 + plot_h}" x2="{left + plot_w}" y2="{20 + plot_h}" '
            f'stroke="#444"/>'
        ),
    ]

    def y_of(value: int) -> float:
        return 20 + plot_h - plot_h * value / top

    target_y = y_of(target)
    parts.append(
        f'<line x1="{left}" y1="{target_y:.1f}" x2="{left + plot_w}" '
        f'y2="{target_y:.1f}" stroke="#b03a2e" stroke-dasharray="5,4"/>'
        f'<text x="{left + plot_w}" y="{target_y - 4:.1f}" text-anchor="end" '
        f'fill="#b03a2e">{escape(target_label)} {target}</text>'
    )
    for value in (0, top // 2, top):
        parts.append(
            f'<text x="{left - 6}" y="{y_of(value) + 4:.1f}" text-anchor="end">{value}</text>'
        )
    if months:
        step = plot_w / len(months)
        points = []
        for index, (month, count, total) in enumerate(months):
            x = left + index * step
            bar_top = y_of(count)
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{bar_top:.1f}" '
                f'width="{step * 0.7:.1f}" height="{20 + plot_h - bar_top:.1f}" '
                f'fill="#7fa7d4"><title>{escape(month)}: {count}</title></rect>'
            )
            points.append(f"{x + step / 2:.1f},{y_of(total):.1f}")
            if len(months) <= 24 or index % max(1, len(months) // 12) == 0:
                parts.append(
                    f'<text x="{x + step / 2:.1f}" y="{height - bottom + 34}" '
                    f'text-anchor="middle">{escape(month)}</text>'
                )
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="#1f4e79" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
