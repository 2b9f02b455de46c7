"""Related essays: for each essay, the others that share the most events with it.

Essays are grouped by their exact set of events first. The scoring runs over pairs of distinct
sets (few: they are drawn from a small catalog), not pairs of essays, so the cost grows with the
archive, not with its square. Ties go to the essay published closest in time, then by slug.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date

from .models import Listing

LIMIT = 5


def _day(item: Listing) -> int | None:
    return date.fromisoformat(item.date).toordinal() if item.date else None


def related_essays(listings: list[Listing], limit: int = LIMIT) -> dict[str, list[tuple[Listing, tuple[str, ...]]]]:
    """slug -> up to `limit` (other essay, events shared, in the essay's own order)."""
    groups: dict[frozenset[str], list[Listing]] = {}
    for item in listings:
        if item.events:
            groups.setdefault(frozenset(item.events), []).append(item)
    keys = sorted(groups, key=sorted)
    # For each set of events: the other sets sharing any, best first.
    overlaps: dict[frozenset[str], list[tuple[int, frozenset[str]]]] = {}
    for key in keys:
        scored = [(len(key & other), other) for other in keys if key & other]
        scored.sort(key=lambda pair: (-pair[0], sorted(pair[1])))
        overlaps[key] = scored
    ordered = {key: _by_day(groups[key]) for key in keys}
    result: dict[str, list[tuple[Listing, tuple[str, ...]]]] = {}
    for item in listings:
        if not item.events:
            continue
        day = _day(item)
        chosen: list[tuple[Listing, tuple[str, ...]]] = []
        levels: dict[int, list[Listing]] = {}
        for score, other in overlaps[frozenset(item.events)]:
            # Only the few essays nearest in time can win a place from each group.
            levels.setdefault(score, []).extend(_nearest(ordered[other], day, limit + 1))
        for score in sorted(levels, reverse=True):
            candidates = [c for c in levels[score] if c.slug != item.slug]
            candidates.sort(key=lambda c: (_distance(day, _day(c)), c.slug))
            for candidate in candidates[: limit - len(chosen)]:
                chosen.append((candidate, tuple(e for e in item.events if e in candidate.events)))
            if len(chosen) >= limit:
                break
        result[item.slug] = chosen
    return result


_UNDATED = 10**7  # further from any date than any real distance


def _by_day(items: list[Listing]) -> tuple[list[int], list[Listing]]:
    pairs = sorted(((_day(i) if i.date else _UNDATED * 2, i.slug), i) for i in items)
    return [key[0] for key, _ in pairs], [i for _, i in pairs]


def _nearest(group: tuple[list[int], list[Listing]], day: int | None, count: int) -> list[Listing]:
    days, items = group
    if day is None:
        return items[:count] + items[-count:]
    middle = bisect_left(days, day)
    return items[max(0, middle - count) : middle + count]


def _distance(a: int | None, b: int | None) -> int:
    return abs(a - b) if a is not None and b is not None else _UNDATED
