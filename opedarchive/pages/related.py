"""Related essays: for each essay, the others that share the most events with it.

Essays are grouped by their exact set of events first. The scoring runs over pairs of distinct
sets (few: they are drawn from a small catalog), not pairs of essays, so the cost grows with the
archive, not with its square. Ties go to the essay published closest in time, then by slug.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .listing import Listing

LIMIT = 5


def _day(item: Listing) -> int | None:
    return item.date.value.toordinal() if item.date else None


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
    ordered = {key: _Group(groups[key]) for key in keys}
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


class _Group:
    """One group's essays in the three orders the nearest are read from."""

    def __init__(self, items: list[Listing]) -> None:
        dated = [(_day(i), i.slug, i) for i in items if i.date]
        undated = sorted((i for i in items if not i.date), key=lambda i: i.slug)
        # Same day and later, nearest first, then the undated: (day, slug).
        forward = sorted(dated, key=lambda t: (t[0], t[1]))
        self.days = [t[0] for t in forward]
        self.forward = [t[2] for t in forward] + undated
        # Earlier days, nearest first: (-day, slug), so a tie on one day still goes to the slug.
        backward = sorted(dated, key=lambda t: (-t[0], t[1]))
        self.minus_days = [-t[0] for t in backward]
        self.backward = [t[2] for t in backward]
        self.by_slug = sorted(items, key=lambda i: i.slug)


def _nearest(group: _Group, day: int | None, count: int) -> list[Listing]:
    """Enough of the group's essays nearest to `day` to hold its `count - 1` best for any essay
    (the one asking may be among them)."""
    if day is None:
        # An undated essay is equally far from every other: the slug alone decides.
        return group.by_slug[:count]
    later = bisect_left(group.days, day)
    earlier = bisect_right(group.minus_days, -day)
    return group.forward[later : later + count] + group.backward[earlier : earlier + count]


def _distance(a: int | None, b: int | None) -> int:
    return abs(a - b) if a is not None and b is not None else _UNDATED
