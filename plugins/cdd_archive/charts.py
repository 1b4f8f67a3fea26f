"""Articles per month as a bar chart drawn at build time: inline SVG bars, HTML labels, a text list.

No chart library reaches readers. The bars are an SVG stretched to the plot's box
(``preserveAspectRatio="none"``), so they fill a 360 px phone and a desktop alike; the labels
(months or BE years, the largest count) are HTML placed by percentage, so they keep their size.
The SVG is hidden from screen readers: the caption and the list under it (per year, each month
with news and its count) carry the same facts as text.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from markupsafe import Markup, escape

from cdd_thai import dates

BAR = 0.72  # a bar's share of its month's width


def monthly_counts(articles) -> Counter:
    """(year, month) -> number of articles, by the articles' dates."""
    return Counter((a.date.year, a.date.month) for a in articles)


def month_span(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, month) from first to last, both included."""
    months, (y, m) = [], first
    while (y, m) <= last:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _name(month: tuple[int, int], short: bool = False) -> str:
    return dates.format_thai_date(dt.date(month[0], month[1], 1), month_only=True, short=short)


def month_chart(counts: Counter, months: list[tuple[int, int]], *, chart_id: str, title: str,
                group_label=None) -> Markup:
    """The chart of ``counts`` over ``months`` (oldest first): a <figure> with SVG bars, labels and
    the text alternative. ``group_label(month)`` names the list's rows (default: the BE year)."""
    if not months:
        return Markup("")
    group_label = group_label or (lambda month: f"พ.ศ. {dates.be_year(month[0])}")
    n, top = len(months), max((counts.get(m, 0) for m in months), default=0)
    total = sum(counts.get(m, 0) for m in months)
    height = max(top, 1)
    bars = []
    for i, month in enumerate(months):
        c = counts.get(month, 0)
        if c:
            bars.append(f'<rect x="{i + (1 - BAR) / 2:g}" y="{height - c}" width="{BAR:g}" height="{c}">'
                        f"<title>{escape(_name(month))}: {c} ข่าว</title></rect>")
    # labels: each month's short name when there are few, else the BE year at its first month shown
    labels = []
    for i, month in enumerate(months):
        if n <= 12:
            text = dates.thai_month(month[1], short=True)
        elif month[1] == 1 or (i == 0 and month[1] <= 9):  # room before the next January
            text = str(dates.be_year(month[0]))
        else:
            continue
        labels.append(f'<li style="left:{100 * (i + .5) / n:.2f}%">{text}</li>')
    caption = (f"{escape(title)}: {escape(_name(months[0]))} – {escape(_name(months[-1]))} "
               f"รวม {total} ข่าว เดือนที่มากที่สุด {top} ข่าว")
    rows: dict[str, list[str]] = {}
    sums: Counter = Counter()
    for month in months:
        c = counts.get(month, 0)
        if c:
            key = group_label(month)
            rows.setdefault(key, []).append(f"{escape(dates.thai_month(month[1]))} {c}")
            sums[key] += c
    listed = "".join(f"<li>{escape(key)} รวม {sums[key]} ข่าว: {', '.join(items)}</li>"
                     for key, items in rows.items())
    return Markup(
        f'<figure class="month-chart" aria-labelledby="{chart_id}-caption">'
        f'<figcaption id="{chart_id}-caption">{caption}</figcaption>'
        f'<div class="chart-plot{" chart-few" if n <= 12 else ""}" aria-hidden="true">'
        f'<span class="chart-top">{top}</span>'
        f'<svg viewBox="0 0 {n} {height}" preserveAspectRatio="none" focusable="false">{"".join(bars)}</svg>'
        f'<ol class="chart-axis">{"".join(labels)}</ol></div>'
        f'<details class="chart-data"><summary>จำนวนข่าวรายเดือน (ตัวเลข)</summary>'
        f'<ul>{listed or "<li>ยังไม่มีข่าว</li>"}</ul></details></figure>'
    )
