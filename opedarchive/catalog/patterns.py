"""Is a catalog pattern safe to run on every paragraph, and does it name its event?

All of the catalog's aliases and patterns run as one regular expression over every paragraph of
every essay, so one careless pattern costs every essay: a pattern that backtracks without end
hangs the run (with the lock held), and a pattern that matches any text hides the other events
(the one pattern consumes the paragraph) and empties the event pages.

The checks walk the tree Python's own parser makes of the pattern (re._parser, the module the
`re` compiler uses; private, but stable since 3.11 and the only exact reading of a pattern),
never regular expressions over the pattern's text.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Iterable, Iterator
from functools import cache

# Ordinary sentences that name no event. A pattern that matches one of them matches ordinary
# text, not an event. Keep them bland: no place, no name, no date, no violence.
BLAND_SENTENCES = (
    "The committee met on Tuesday to discuss the budget.",
    "It was a long day.",
    "She said that the plan would take several years to finish.",
    "Most people agree that the schools need more teachers and better books.",
    "We should think carefully before we decide what to do next.",
    "The weather was pleasant, and the children played in the park until evening.",
    "According to the report, prices rose slightly over the past few months.",
    "He wrote a letter to the editor about the new parking rules.",
    "There are many reasons to be hopeful, but also some reasons for concern.",
    "In the end, the meeting was postponed until further notice.",
    "This is a question of trust, not of money.",
)
# A pattern must hold a run of at least this many literal letters or digits ("Beslan", "metro",
# "2004"): the word that ties it to its event.
MIN_LITERAL_WORD = 4

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ASSERTS = (sre.ASSERT, sre.ASSERT_NOT)
_BACKREFS = (sre.GROUPREF, sre.GROUPREF_EXISTS)
_SINGLE_CHAR = (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY)

# Characters the overlap checks try: enough of Latin, punctuation, spaces and a few other scripts
# that two character sets meeting anywhere in real text meet here too.
_PROBE = "".join(chr(c) for c in range(0x250)) + "\u2009\u202f\u2018\u2019\u201c\u201d\u2013\u2014\u2026ёжЖαΩ٣中"
_CATEGORIES = {
    sre.CATEGORY_DIGIT: re.compile(r"\d"),
    sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    sre.CATEGORY_SPACE: re.compile(r"\s"),
    sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    sre.CATEGORY_WORD: re.compile(r"\w"),
    sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
}

NESTED = (
    "repeats a group that itself holds a repeat (nested quantifiers, as in `(a+)+` or `(\\w+\\s?)+`), "
    "which can backtrack for hours on an unlucky text: repeat one thing once (`\\w+`), or write "
    "` ... ` for a few words in between"
)
BACKREFERENCE = (
    "refers back to a group (`\\1`, `(?P=name)` or `(?(1)...)`), which can backtrack for hours, and "
    "inside the catalog's one pattern the group numbers are not this pattern's: write the words out"
)
LOOKAROUND = (
    "has a lookahead or lookbehind that holds a repeat, which runs again at every position: "
    "write the words out, or drop the lookaround"
)
OVERLAP = (
    "repeats alternatives that can match the same text (as in `(a|a)+`, `(a|ab)+` or `(\\w|\\d)+`), so "
    "one text can be split in many ways and the search backtracks through them all: make every "
    "alternative start with a different letter, or repeat a single class (`\\w+`)"
)
ADJACENT = (
    "has two unbounded repeats in a row over the same characters (as in `\\w+\\w*` or `.*\\s*.*`), "
    "which try every way to share a text between them: merge them into one"
)


def expand_gaps(pattern: str) -> str:
    """` ... ` in a catalog pattern means: a few more words, within the same sentence. Bounded
    ({0,60}) and pinned by a word boundary at both ends, so it never backtracks far."""
    return pattern.replace(" ... ", r"\b[^.!?\n]{0,60}?\b")


@cache
def whole_word_regex(pattern: str) -> re.Pattern[str]:
    """A catalog pattern compiled as the matcher runs it: whole words, any case. One compiled
    object for the checks here and for build_matcher: parsing is most of compiling, re's own
    cache holds 512 patterns, and a catalog with hundreds checked before they are matched
    overflowed it, so each was parsed three times (raises re.error)."""
    return re.compile(rf"(?<!\w)(?:{expand_gaps(pattern)})(?!\w)", re.IGNORECASE)


def pattern_problems(pattern: str) -> list[str]:
    """What is wrong with a catalog pattern (as written, before ` ... ` is expanded), each a
    sentence saying what to do; empty when it is fine. `pattern` must compile."""
    expanded = expand_gaps(pattern)
    tree = sre_parse.parse(expanded, re.IGNORECASE)
    dangers = sorted(set(_dangers(tree, in_loop=False)), key=_DANGER_ORDER.index)
    problems = [f"pattern {pattern!r} {danger}" for danger in dangers]
    reason = _ordinary_text_reason(tree, pattern, searchable=not dangers)
    if reason:
        problems.append(
            f"pattern {pattern!r} matches ordinary text ({reason}): make it name the event (a place, a name, a date)"
        )
    return problems


_DANGER_ORDER = [NESTED, BACKREFERENCE, LOOKAROUND, OVERLAP, ADJACENT]


# --- Super-linear time -------------------------------------------------------------------------


def _dangers(seq: Iterable, in_loop: bool) -> Iterator[str]:
    """The dangerous constructs in a parsed sequence. `in_loop`: inside a repeat that can run
    more than once, where a second way to match the same text multiplies the work."""
    items = list(seq)
    yield from _adjacent_repeats(items)
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            if in_loop and low != high:
                yield NESTED
            loops = high > 1
            if loops and _has_overlap(body):
                yield OVERLAP
            yield from _dangers(body, in_loop or loops)
        elif op in _BACKREFS:
            yield BACKREFERENCE
            if op == sre.GROUPREF_EXISTS:
                _group, yes, no = av
                yield from _dangers(yes, in_loop)
                if no is not None:
                    yield from _dangers(no, in_loop)
        elif op in _ASSERTS:
            _direction, body = av
            if _has_variable_repeat(body):
                yield LOOKAROUND
            yield from _dangers(body, in_loop)
        elif op == sre.SUBPATTERN:
            yield from _dangers(av[3], in_loop)
        elif op == sre.ATOMIC_GROUP:
            yield from _dangers(av, in_loop)
        elif op == sre.BRANCH:
            for branch in av[1]:
                yield from _dangers(branch, in_loop)


def _children(op, av) -> list:
    """The sub-sequences of one parsed item."""
    if op in _REPEATS:
        return [av[2]]
    if op == sre.SUBPATTERN:
        return [av[3]]
    if op == sre.ATOMIC_GROUP:
        return [av]
    if op in _ASSERTS:
        return [av[1]]
    if op == sre.BRANCH:
        return list(av[1])
    if op == sre.GROUPREF_EXISTS:
        return [s for s in av[1:] if s is not None]
    return []


def _has_variable_repeat(seq: Iterable) -> bool:
    for op, av in seq:
        if op in _REPEATS and av[0] != av[1]:
            return True
        if any(_has_variable_repeat(child) for child in _children(op, av)):
            return True
    return False


def _has_overlap(seq: Iterable) -> bool:
    """Whether a repeated body offers two ways to match the same text: two alternatives that
    could match the same characters, or a character class of overlapping members (how Python
    compiles `(\\w|\\d)`)."""
    for op, av in seq:
        if op == sre.BRANCH and _alternatives_overlap(av[1]):
            return True
        if op == sre.IN and _members_overlap(av):
            return True
        # A nested repeat is reported as such; its body is checked when the walk reaches it.
        if op not in _REPEATS and any(_has_overlap(child) for child in _children(op, av)):
            return True
    return False


def _alternatives_overlap(branches: list) -> bool:
    """Two alternatives overlap unless, at some position of the characters they begin with,
    they cannot match the same character ("US " and "United States " part at the second).
    One that can match nothing overlaps with everything (`(a|ab)+` is parsed as `a(|b)`)."""
    prefixes = [_prefix(branch) for branch in branches]
    if any(prefix is None for prefix in prefixes):
        return True
    for i, one in enumerate(prefixes):
        for other in prefixes[i + 1 :]:
            if not any(not (a & b) for a, b in zip(one, other, strict=False)):
                return True
    return False


def _prefix(seq: Iterable) -> list[frozenset[str]] | None:
    """The character sets of the fixed characters a sequence begins with (anchors skipped); when
    it begins with something else, the characters it can begin with; None if it can match
    nothing."""
    prefix: list[frozenset[str]] = []
    items = list(seq)
    for index, (op, av) in enumerate(items):
        if op in _SINGLE_CHAR:
            prefix.append(_chars(op, av))
        elif op != sre.AT:
            if not prefix:
                first, nullable = _first(items[index:])
                return None if nullable else [first]
            break
    return prefix or None


def _adjacent_repeats(items: list) -> Iterator[str]:
    """Two unbounded repeats of overlapping characters with nothing but optional items between
    them (`\\w+\\s*\\w+`): each way to split the text between them is tried. A word boundary
    between them (the catalog's ` ... ` gap has two) pins the split, so it ends the run."""
    open_runs: list[frozenset[str]] = []
    for op, av in items:
        if op in _REPEATS and av[1] == sre.MAXREPEAT:
            chars = _all_chars(av[2])
            if any(chars & run for run in open_runs):
                yield ADJACENT
                return
            open_runs.append(chars)
        elif op == sre.AT or not _nullable([(op, av)]):
            open_runs = []


# --- Character sets, over the probe alphabet ----------------------------------------------------


def _first(seq: Iterable) -> tuple[frozenset[str], bool]:
    """The characters a sequence can begin with, and whether it can match nothing."""
    chars: set[str] = set()
    for op, av in seq:
        if op in _SINGLE_CHAR:
            return frozenset(chars | _chars(op, av)), False
        if op in _REPEATS:
            inner, nullable = _first(av[2])
            chars |= inner
            if av[0] > 0 and not nullable:
                return frozenset(chars), False
        elif op in (sre.SUBPATTERN, sre.ATOMIC_GROUP, sre.BRANCH):
            branches = _children(op, av)
            results = [_first(branch) for branch in branches]
            for inner, _ in results:
                chars |= inner
            if not any(nullable for _, nullable in results):
                return frozenset(chars), False
        elif op in _BACKREFS:
            return frozenset(_PROBE), True
        # AT, ASSERT, ASSERT_NOT: zero-width, the next item decides.
    return frozenset(chars), True


def _all_chars(seq: Iterable) -> frozenset[str]:
    """Every character a sequence can consume, anywhere in it."""
    chars: set[str] = set()
    for op, av in seq:
        if op in _SINGLE_CHAR:
            chars |= _chars(op, av)
        elif op in _BACKREFS:
            return frozenset(_PROBE)
        elif op not in _ASSERTS:
            for child in _children(op, av):
                chars |= _all_chars(child)
    return frozenset(chars)


def _nullable(seq: Iterable) -> bool:
    return _first(seq)[1]


def _chars(op, av) -> frozenset[str]:
    """The probe characters one single-character item matches, ignoring case (the catalog's
    pattern is compiled with re.IGNORECASE)."""
    if op == sre.ANY:
        return frozenset(_PROBE)
    if op == sre.LITERAL:
        return _literal(av)
    if op == sre.NOT_LITERAL:
        return frozenset(_PROBE) - _literal(av)
    return _in_set(tuple(av))


@cache
def _literal(code: int) -> frozenset[str]:
    """The probe characters that share a case form with `code`'s character."""
    by_form = _probe_by_form()
    return frozenset(ch for form in _folds(chr(code)) for ch in by_form.get(form, ()))


@cache
def _probe_by_form() -> dict[str, frozenset[str]]:
    """Each case form (lower, upper, case folded) of a probe character -> the probe characters
    that have it: a catalog's few hundred literals are looked up here rather than each compared
    with the whole alphabet (that comparison was a fifth of loading the catalog)."""
    found: dict[str, set[str]] = {}
    for ch in _PROBE:
        for form in _folds(ch):
            found.setdefault(form, set()).add(ch)
    return {form: frozenset(chars) for form, chars in found.items()}


def _folds(ch: str) -> set[str]:
    return {ch, ch.lower(), ch.upper(), ch.casefold()}


@cache
def _in_set(members: tuple) -> frozenset[str]:
    negate = bool(members) and members[0][0] == sre.NEGATE
    chars: set[str] = set()
    for op, av in members[1:] if negate else members:
        chars |= _member(op, av)
    return frozenset(_PROBE) - chars if negate else frozenset(chars)


@cache
def _member(op, av, fold: bool = True) -> frozenset[str]:
    """The probe characters one member of a class matches; `fold`: ignoring case."""
    if op == sre.LITERAL:
        return _literal(av) if fold else frozenset({chr(av)})
    if op == sre.RANGE:
        low, high = av
        folds = _folds if fold else (lambda ch: {ch})
        return frozenset(ch for ch in _PROBE if any(low <= ord(f) <= high for f in folds(ch) if len(f) == 1))
    if op == sre.CATEGORY and av in _CATEGORIES:
        return frozenset(ch for ch in _PROBE if _CATEGORIES[av].match(ch))
    return frozenset(_PROBE)  # an unknown member: assume it matches anything


def _members_overlap(members: list) -> bool:
    """Whether two members of a class match the same character, case kept apart: `[a-zA-Z]`
    is fine, `[\\w\\d]` (what `(\\w|\\d)` compiles to) is not."""
    if members and members[0][0] == sre.NEGATE:
        return False  # "none of these": a repeated member changes nothing
    seen: set[str] = set()
    for op, av in members:
        chars = _member(op, av, fold=False)
        if seen & chars:
            return True
        seen |= chars
    return False


# --- Ordinary text -----------------------------------------------------------------------------


def _ordinary_text_reason(tree, pattern: str, searchable: bool) -> str | None:
    """Why the pattern would match text that names no event, or None."""
    if tree.getwidth()[0] == 0:
        return "it can match an empty string"
    if not _has_literal_word(tree):
        return f"it has no word of {MIN_LITERAL_WORD} or more letters written out"
    if _fewest_literals(tree) < MIN_LITERAL_WORD:
        return f"some of its matches hold fewer than {MIN_LITERAL_WORD} letters written out"
    if searchable:
        compiled = whole_word_regex(pattern)
        for sentence in BLAND_SENTENCES:
            if compiled.search(sentence):
                return f"it matches {sentence!r}"
    return None


def _has_literal_word(seq: Iterable) -> bool:
    """Whether the pattern writes out, anywhere, a run of MIN_LITERAL_WORD letters or digits
    ("Beslan", "metro", "2004")."""
    run = 0
    for op, av in seq:
        if _is_literal_letter(op, av):
            run += 1
            if run >= MIN_LITERAL_WORD:
                return True
            continue
        run = 0
        if any(_has_literal_word(child) for child in _children(op, av) if op not in _ASSERTS):
            return True
    return False


def _fewest_literals(seq: Iterable) -> int:
    """The fewest letters and digits written out that a match must contain ("SAF-RSF war": 9;
    `\\w+ war`: 3): classes and optional parts add none."""
    total = 0
    for op, av in seq:
        if _is_literal_letter(op, av):
            total += 1
        elif op in _REPEATS:
            total += av[0] * _fewest_literals(av[2])
        elif op in (sre.SUBPATTERN, sre.ATOMIC_GROUP):
            total += _fewest_literals(_children(op, av)[0])
        elif op == sre.BRANCH:
            total += min(_fewest_literals(branch) for branch in av[1])
    return total


def _is_literal_letter(op, av) -> bool:
    """A letter or digit written as itself, or a class of such written out (`[uü]`, `[İI]`)."""
    if op == sre.LITERAL:
        return chr(av).isalnum()
    if op == sre.IN:
        return all(member_op == sre.LITERAL and chr(code).isalnum() for member_op, code in av)
    return False
