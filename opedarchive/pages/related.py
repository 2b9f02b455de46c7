"""Related essays: for each essay, the others that share the most events with it.

The rule: more events shared first, then the essay published closest in time, then by slug.
It is read from two indexes, so that the cost grows with the archive and not with its square:
- the essays of each event, in time order: an essay's nearest among those sharing one event or
  more is among the few nearest of each of its events;
- the distinct sets of events (essays grouped by theirs), indexed by each pair of events they
  hold: the essays sharing two events or more with one are in the groups of its pairs. At
  20,000 essays most sets are distinct, so scoring every set against every other (as this did)
  took minutes; a pair of events is held by few sets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import combinations

from .listing import Listing

LIMIT = 5


def _day(item: Listing) -> int | None:
    return item.date.value.toordinal() if item.date else None


def related_essays(listings: list[Listing], limit: int = LIMIT) -> dict[str, list[tuple[Listing, tuple[str, ...]]]]:
    """slug -> up to `limit` (other essay, events shared, in the essay's own order)."""
    groups: dict[frozenset[str], list[Listing]] = {}
    by_event: dict[str, list[Listing]] = {}
    for item in listings:
        if item.events:
            groups.setdefault(frozenset(item.events), []).append(item)
            for event in dict.fromkeys(item.events):
                by_event.setdefault(event, []).append(item)
    by_pair: dict[tuple[str, str], list[frozenset[str]]] = {}
    for key in groups:  # any order: candidates are sorted by (distance, slug), which is total
        for pair in combinations(sorted(key), 2):
            by_pair.setdefault(pair, []).append(key)
    grouped = {key: _Group(items) for key, items in groups.items()}
    of_event = {event: _Group(items) for event, items in by_event.items()}
    sharing_two: dict[frozenset[str], dict[int, list[frozenset[str]]]] = {}
    result: dict[str, list[tuple[Listing, tuple[str, ...]]]] = {}
    for item in listings:
        if not item.events:
            continue
        key = frozenset(item.events)
        if key not in sharing_two:
            sharing_two[key] = _sets_sharing_two(key, by_pair)
        day = _day(item)
        chosen: list[tuple[Listing, tuple[str, ...]]] = []
        # Two events or more: each level of sharing in turn, its nearest first. A level that
        # does not fill the list is taken whole (a group cut short by _nearest fills it alone).
        for score in sorted(sharing_two[key], reverse=True):
            candidates = [
                c
                for other in sharing_two[key][score]
                for c in _nearest(grouped[other], day, limit + 1)
                if c.slug != item.slug
            ]
            _take(chosen, candidates, item, day, limit)
            if len(chosen) >= limit:
                break
        if len(chosen) < limit:
            # One event: every essay sharing more is chosen by now, and is left out here.
            taken = {c.slug for c, _ in chosen} | {item.slug}
            found = {
                c.slug: c
                for event in dict.fromkeys(item.events)
                for c in _nearest(of_event[event], day, limit + 1)
                if c.slug not in taken
            }
            _take(chosen, list(found.values()), item, day, limit)
        result[item.slug] = chosen
    return result


def _sets_sharing_two(
    key: frozenset[str], by_pair: dict[tuple[str, str], list[frozenset[str]]]
) -> dict[int, list[frozenset[str]]]:
    """The other sets of events that share two or more with `key` (and key itself), by how many."""
    others = {other for pair in combinations(sorted(key), 2) for other in by_pair.get(pair, ())}
    levels: dict[int, list[frozenset[str]]] = {}
    for other in others:
        levels.setdefault(len(key & other), []).append(other)
    return levels


def _take(chosen: list, candidates: list[Listing], item: Listing, day: int | None, limit: int) -> None:
    candidates.sort(key=lambda c: (_distance(day, _day(c)), c.slug))
    for candidate in candidates[: limit - len(chosen)]:
        chosen.append((candidate, tuple(e for e in item.events if e in candidate.events)))


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
