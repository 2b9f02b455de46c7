"""related_essays against the rule it implements, computed the slow way on random archives."""

import random
from datetime import date, timedelta

from opedarchive.core.models import DateValue
from opedarchive.pages.listing import Listing
from opedarchive.pages.related import related_essays

EVENTS = ["a", "b", "c", "d", "e", "f"]


def _listing(slug, day, events):
    value = DateValue(date.fromisoformat(day), "day") if day else None
    return Listing(
        slug=slug,
        title=slug,
        subtitle=None,
        authors=(),
        date=value,
        date_source="stated",
        date_note=None,
        events=events,
        dates_mentioned=(),
        description="",
        word_count=0,
        reading_time=1,
        source=slug,
    )


def _slow(listings, limit=5):
    def distance(x, y):
        if x.date and y.date:
            return abs((x.date.value - y.date.value).days)
        return 10**7

    result = {}
    for item in listings:
        if not item.events:
            continue
        others = [o for o in listings if o.slug != item.slug and set(o.events) & set(item.events)]
        others.sort(key=lambda o: (-len(set(o.events) & set(item.events)), distance(item, o), o.slug))
        result[item.slug] = [o.slug for o in others[:limit]]
    return result


def test_related_matches_the_slow_rule():
    rng = random.Random(7)
    for _ in range(600):
        # Few days, so many essays share one: ties must still go to the slug, on either side.
        span = rng.choice([3, 10, 400])
        listings = []
        for n in range(rng.randint(1, 60)):
            day = None if rng.random() < 0.25 else (date(2000, 1, 1) + timedelta(days=rng.randint(0, span))).isoformat()
            events = tuple(rng.sample(EVENTS, rng.randint(0, 5)))
            listings.append(_listing(f"s{rng.randint(0, 99):02d}-{n}", day, events))
        limit = rng.choice([1, 2, 5])
        fast = {slug: [o.slug for o, _ in chosen] for slug, chosen in related_essays(listings, limit).items()}
        assert fast == _slow(listings, limit)
