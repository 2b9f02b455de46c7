"""How dates read on a page: an essay's date ("c." when inferred) and an event's span."""

from __future__ import annotations

from ..core.dates import display_date, month_name
from ..core.models import DateValue, Event


def shown_date(value: DateValue | None, source: str) -> str:
    if value is None:
        return "Date unknown"
    text = display_date(value)
    return f"c. {text}" if source == "inferred" else text


def event_span(event: Event) -> str:
    start = display_date(DateValue(event.start, "day"))
    if event.end is None:
        return f"began {start}"
    if event.end == event.start:
        return start
    a, b = event.start, event.end
    if a.year == b.year and a.month == b.month:
        return f"{month_name(a)} {a.day}–{b.day}, {a.year}"
    return f"{start} – {display_date(DateValue(b, 'day'))}"
