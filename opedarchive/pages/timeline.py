"""The timeline page: when the events the essays discuss happened, and when the essays appeared.

It is HTML drawn here, at build time, not a picture: one ordered list per year, each row a link
(an event to its page, a month's essays to the essay or to the year's page), its date and its
whole name, so that labels wrap instead of being cut, every mark can be followed by pointer or
keyboard, and screen readers read a list. The stylesheet (docs/stylesheets/archive.css) draws
the axis and the marks: events on the left and essays on the right on a wide screen, all on the
right of the axis on a phone.

It stays small at any size of the archive: essays are grouped by month (one row per month with
essays, whatever their number), and past MAX_MONTH_ROWS months by year, so the page grows with
the calendar and the catalog, never with the number of essays (5,000 essays: tests/test_reading.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.dates import month_name
from ..core.models import Event
from .display import event_span
from .listing import UNDATED, Listing, year_of
from .md import html_text, link, page, plural
from .urls import TIMELINE, essay_path, event_path, relative_href, relative_md, year_path

# Rows of essays when grouped by month; an archive spread over more months than this (thirty
# years) is grouped by year instead, so that the page stays under 150 KB of HTML.
MAX_MONTH_ROWS = 360


@dataclass(frozen=True)
class Row:
    when: date
    kind: str  # "event" or "essays"
    label: str  # the event's name, the essay's title, or "3 essays"
    date_label: str
    target: str  # the docs path the row links to
    iso: str = ""  # the <time datetime> value: 2024-03-22, 2024-03 or 2024


def _event_row(event: Event) -> Row:
    return Row(event.start, "event", event.name, event_span(event), event_path(event.id), event.start.isoformat())


def _essay_rows(listings: list[Listing]) -> list[Row]:
    """One row per month with essays (per year when the months are too many). A month of one
    essay names it and links it; a month of several counts them and links the year's page."""
    dated = [item for item in listings if item.date]
    by_month: dict[tuple[int, int], list[Listing]] = {}
    for item in dated:
        d = item.date.value
        # A date known only to the year says nothing of the month: it gets a row of its own.
        by_month.setdefault((d.year, 0 if item.date.precision == "year" else d.month), []).append(item)
    groups = by_month
    if len(by_month) > MAX_MONTH_ROWS:
        groups = {}
        for item in dated:
            groups.setdefault((item.date.value.year, 0), []).append(item)
    rows = []
    for (year, month), items in groups.items():
        # The row sits at its earliest essay, so an essay written after an event in the same
        # month is not drawn above it.
        when = min(i.date.value for i in items if i.date)
        prefix = "c. " if all(i.date_source == "inferred" for i in items) else ""
        shown = f"{year}" if month == 0 else f"{month_name(date(year, month, 1))} {year}"
        iso = f"{year:04d}" if month == 0 else f"{year:04d}-{month:02d}"
        if len(items) == 1:
            target = essay_path(items[0].slug)
            label = items[0].title
        else:
            target = year_path(year_of(items[0]))
            label = plural(len(items), "essay")
        rows.append(Row(when, "essays", label, prefix + shown, target, iso))
    return rows


def timeline_rows(listings: list[Listing], events: list[Event]) -> list[Row]:
    rows = [_event_row(e) for e in events] + _essay_rows(listings)
    # On the same day the event comes first: an essay about it cannot be older.
    return sorted(rows, key=lambda r: (r.when, r.kind != "event", r.label))


def _row_html(row: Row) -> str:
    # The whole row is the link: its date and its name are its accessible name, in that order.
    href = html_text(relative_href(TIMELINE, row.target))
    return (
        f'<li class="timeline__row timeline__row--{row.kind}"><a href="{href}">'
        f'<time datetime="{row.iso}">{html_text(row.date_label)}</time> '
        f'<span class="timeline__label">{html_text(row.label)}</span></a></li>'
    )


def render_rows(rows: list[Row]) -> list[str]:
    """A heading and an ordered list per year: raw HTML blocks (one line each, no blank line
    inside), escaped with html.escape."""
    lines: list[str] = []
    by_year: dict[int, list[Row]] = {}
    for row in rows:
        by_year.setdefault(row.when.year, []).append(row)
    for year, items in by_year.items():
        lines += [
            f'<h2 class="timeline__year" id="y{year}">{year}</h2>',
            "",
            '<ol class="timeline">' + "".join(_row_html(r) for r in items) + "</ol>",
            "",
        ]
    return lines


def render_timeline(listings: list[Listing], events: list[Event]) -> str:
    rows = timeline_rows(listings, events)
    undated = sum(1 for item in listings if year_of(item) == UNDATED)
    lines = [
        "When the events the essays discuss happened, and when the essays were published, oldest first. "
        "Dates marked “c.” are inferred. Follow an event to its page and the essays on it, or a month to its "
        "essays.",
        "",
        '<p class="timeline-legend" aria-hidden="true"><span class="timeline-legend__event">Event</span> '
        '<span class="timeline-legend__essays">Essays published</span></p>',
        "",
        *render_rows(rows),
    ]
    if undated:
        lines += [
            f"{plural(undated, 'essay')} {'has' if undated == 1 else 'have'} no known date and "
            f"{'is' if undated == 1 else 'are'} not on the timeline: "
            f"{link('undated essays', relative_md(TIMELINE, year_path(UNDATED)))}.",
            "",
        ]
    counts = f"{plural(len(events), 'event')} and {plural(len(listings), 'essay')}"
    meta = {
        "title": "Timeline",
        "description": f"A timeline of {counts}: when each event happened and each essay appeared.",
        "hide": ["navigation", "toc"],
    }
    return page(meta, "\n".join(lines).rstrip())
