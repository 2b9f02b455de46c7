"""The timeline page: the dates of the events the essays discuss and the essays' publication
dates, as a picture (an SVG drawn here, at build time) and as a list.

The picture runs top to bottom, one row per item, so it stays readable on a 375 px phone: a
vertical axis, the date on its left, a diamond (event) or a dot (essay) on it, the name on its
right. Essays published in the same month share one row. The SVG is an image with a text
alternative; the list below it carries the same facts, with links, for every reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.dates import month_name
from ..core.models import Event
from . import escape
from .display import event_span, shown_date
from .listing import Listing
from .md import html_text, link, page, plural
from .urls import TIMELINE, essay_path, event_path, relative_md

WIDTH = 300
ROW = 26
TOP = 34
AXIS_X = 80
LABEL_CHARS = 30


@dataclass(frozen=True)
class Row:
    when: date
    kind: str  # "event" or "essays"
    label: str
    date_label: str


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_rows(listings: list[Listing], events: list[Event]) -> list[Row]:
    rows = [Row(e.start, "event", e.name, f"{month_name(e.start)[:3]} {e.start.day}, {e.start.year}") for e in events]
    months: dict[tuple[int, int], list[Listing]] = {}
    for item in listings:
        if item.date:
            d = item.date.value
            # A date known only to the year says nothing of the month: it gets a row of its own.
            months.setdefault((d.year, 0 if item.date.precision == "year" else d.month), []).append(item)
    for (year, month), items in months.items():
        # The row sits at its earliest essay, so an essay written after an event in the same
        # month is not drawn above it.
        when = min(i.date.value for i in items if i.date)
        label = items[0].title if len(items) == 1 else f"{len(items)} essays published"
        prefix = "c. " if all(i.date_source == "inferred" for i in items) else ""
        shown = f"{year}" if month == 0 else f"{month_name(date(year, month, 1))[:3]} {year}"
        rows.append(Row(when, "essays", label, prefix + shown))
    # On the same day the event comes first, as in the list below the picture.
    return sorted(rows, key=lambda r: (r.when, r.kind != "event", r.label))


def render_svg(rows: list[Row]) -> str:
    height = TOP + ROW * len(rows) + 10
    title = "Timeline of the events discussed and of the essays' publication"
    desc = (
        f"{sum(r.kind == 'event' for r in rows)} events and {sum(r.kind == 'essays' for r in rows)} months with "
        "published essays, from the earliest at the top to the latest at the bottom. The list below gives the same "
        "facts."
    )
    parts = [
        f'<svg class="timeline-svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        'aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="timeline-title">{html_text(title)}</title>',
        f'<desc id="timeline-desc">{html_text(desc)}</desc>',
        '<g class="timeline-legend">'
        '<path class="timeline-event" d="M8 10 l6 6 l-6 6 l-6 -6 z"/><text x="20" y="20">event</text>'
        '<circle class="timeline-essay" cx="80" cy="16" r="5"/><text x="90" y="20">essay published</text></g>',
        f'<line class="timeline-axis" x1="{AXIS_X}" y1="{TOP - 6}" x2="{AXIS_X}" y2="{height - 6}"/>',
    ]
    previous_year = None
    for index, row in enumerate(rows):
        y = TOP + ROW * index + ROW // 2
        if row.when.year != previous_year:
            parts.append(f'<line class="timeline-year" x1="0" y1="{y - ROW // 2}" x2="{WIDTH}" y2="{y - ROW // 2}"/>')
            previous_year = row.when.year
        parts.append(
            f'<text class="timeline-date" x="{AXIS_X - 10}" y="{y + 4}" text-anchor="end">'
            f"{html_text(_short(row.date_label, 13))}</text>"
        )
        if row.kind == "event":
            parts.append(f'<path class="timeline-event" d="M{AXIS_X} {y - 6} l6 6 l-6 6 l-6 -6 z"/>')
        else:
            parts.append(f'<circle class="timeline-essay" cx="{AXIS_X}" cy="{y}" r="5"/>')
        parts.append(
            f'<text class="timeline-label timeline-label--{row.kind}" x="{AXIS_X + 12}" y="{y + 4}">'
            f"{html_text(_short(row.label))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def render_timeline(listings: list[Listing], events: list[Event]) -> str:
    rows = timeline_rows(listings, events)
    lines = [
        "When the events the essays discuss happened, and when the essays were published. Dates marked “c.” "
        "are inferred.",
        "",
        f'<figure class="timeline-figure">{render_svg(rows)}</figure>',
        "",
        "## In order",
    ]
    entries: list[tuple[tuple, str]] = []
    for event in events:
        text = f"**Event**: {link(event.name, relative_md(TIMELINE, event_path(event.id)))}"
        entries.append(
            ((event.start.isoformat(), 0, event.id), f"{escape.markdown_inline(event_span(event))} · {text}")
        )
    for item in listings:
        when = shown_date(item.date, item.date_source)
        text = f"Essay: {link(item.title, relative_md(TIMELINE, essay_path(item.slug)))}"
        day = item.date.value.isoformat() if item.date else "9999"
        entries.append(((day, 1, item.slug), f"{escape.markdown_inline(when)} · {text}"))
    year = None
    for key, text in sorted(entries):
        this_year = key[0][:4] if key[0] != "9999" else "Undated"
        if this_year != year:
            lines += ["", f"### {this_year}", ""]
            year = this_year
        lines.append(f"-   {text}")
    counts = f"{plural(len(events), 'event')} and {plural(len(listings), 'essay')}"
    meta = {
        "title": "Timeline",
        "description": f"A timeline of {counts}: when each event happened and each essay appeared.",
    }
    return page(meta, "\n".join(lines).rstrip())
