"""A synthetic archive for benchmarks and scale tests: N raw essays in the messy forms real ones
come in, deterministic for a seed (same seed and count -> byte-identical files).

    python -m bench.synth --count 1000 --out /tmp/archive/essays --seed 1

Each essay has ~800 words in paragraphs separated by blank lines or one per line; a title line
or none (and some titles shared by many essays); every byline form the converter reads, a
dateline, a trailing author note, or none; references to catalog events by name, alias or by
one of their dates written in full; sometimes web debris after the text; and about one essay in
eight has a sidecar with keys that sidecar.py accepts.
"""

from __future__ import annotations

import argparse
import random
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_ESSAY = 800

# Plain prose words: no month names, no "by"/"until" (year cues), nothing that reads as a role.
_COMMON = """
    the of and a to in is that it for as with was on be are this not but have from or they
    which one their an been has more when who will would there what all were can its about
    if than other into some could them these only time two may then do any like people new
    first now such between also those over after most many must state power policy
    government world country countries nation security peace war conflict region border
    leaders talks agreement crisis public opinion history future economy trade sanctions
    alliance diplomacy pressure interests strategy influence threat response decision
    question answer moment years decade change reform support cost price risk argument
    evidence report debate vote election parliament minister court law rights freedom
    order stability violence attack victims families cities villages streets schools
    hospitals markets energy oil gas water food grain prices wages workers farmers students
    soldiers officers diplomats negotiators observers critics voters citizens neighbours
    partners rivals allies enemies friends strangers memory silence courage fear anger hope
    patience trust doubt caution ambition pride shame loss grief mercy justice truth lies
    rumours facts numbers stories voices pages words lines maps plans promises threats
    demands offers concessions compromises deadlines meetings summits speeches statements
    careful slow quick long short old young small large strong weak clear uncertain
    difficult simple common rare open closed public private local national foreign
    regional global military civilian economic political social cultural moral legal
    expect explain remember forget decide refuse accept reject demand offer build break
    hold lose win fight protect defend attack warn insist argue believe doubt know learn
    teach show hide reveal ignore notice count measure weigh balance shape follow lead
""".split()
_SYLLABLES = "ka lo mi ra ten vos bel dar in or us ek am zu pe shi tor ven al gri mon sa ul fe"
_SYLLABLES = _SYLLABLES.split()
_FIRST = "Jane John Maria Ahmed Olga Kenji Amara Lucas Ines Pavel Leila Tomas Nadia Samuel Irene Omar".split()
_LAST = "Doe Roe Moreno Haddad Petrova Sato Okafor Lindqvist Duarte Novak Rahimi Kowalski Ferrer Quint".split()
_ROLES = [
    "is a senior fellow at the Institute for Regional Studies.",
    "is a professor of international relations at Ardent University.",
    "is a former diplomat and the author of two books on arms control.",
    "writes about energy and security for several newspapers.",
]
_COMMA_ROLES = ["Professor at Ardent University.", "Director of the Centre for Border Studies."]
_TITLES = [
    "The Hour of Serious Diplomacy",
    "Why Sanctions Rarely Work",
    "A Farewell to Arms?",
    "What the Summit Did Not Say",
    "The Long Road to a Ceasefire",
    "Letter from the Border",
    "On Patience in Foreign Policy",
    "The Price of Silence",
]
_DEBRIS = ["Continue reading…", "Share this article", "Other reviews", "Subscribe to our newsletter"]
_MONTH_NAMES = "January February March April May June July August September October November December".split()


def _long_date(day: date) -> str:
    return f"{_MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def _yaml_scalar(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', width=1000).removesuffix("\n")


def _load_events(catalog: Path) -> list[dict]:
    """Every event of the catalog: a folder of .yml files, or one file."""
    files = sorted(catalog.glob("*.yml")) if catalog.is_dir() else [catalog]
    return [event for file in files for event in yaml.safe_load(file.read_text(encoding="utf-8"))["events"]]


class _Writer:
    def __init__(self, seed: int, events: list[dict]) -> None:
        self.rng = random.Random(seed)
        self.written = date(2025, 1, 1)  # the date of the essay being written
        self.events = events
        # A vocabulary with a long tail, as real prose has: Pagefind's index grows with it.
        self.rare = sorted({self._made_up_word() for _ in range(4000)})

    def _made_up_word(self) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 4)))

    def _word(self) -> str:
        return self.rng.choice(self.rare) if self.rng.random() < 0.08 else self.rng.choice(_COMMON)

    def _event_reference(self) -> str:
        # Only events before the essay's own date, as in a real essay.
        event = self.rng.choice([e for e in self.events if e["start"] <= self.written] or self.events)
        form = self.rng.randrange(3)
        if form == 0:
            return f"the {event['name']}"
        if form == 1 and event.get("aliases"):
            return str(self.rng.choice(event["aliases"]))
        return f"on {_long_date(event['start'])}"

    def _sentence(self, with_event: bool) -> str:
        words = [self._word() for _ in range(self.rng.randint(8, 22))]
        if with_event:
            words.insert(self.rng.randrange(1, len(words)), self._event_reference())
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def _paragraph(self, words_wanted: int) -> str:
        sentences, count = [], 0
        while count < words_wanted:
            sentence = self._sentence(with_event=self.rng.random() < 0.06)
            sentences.append(sentence)
            count += len(sentence.split())
        return " ".join(sentences)

    def _name(self) -> str:
        return f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}"

    def essay(self, index: int) -> tuple[str, str, str | None]:
        """(file stem, essay text, sidecar text or None)."""
        rng = self.rng
        stem = f"{index:05d}_{rng.getrandbits(64):016x}"
        when = date(2005 + rng.randrange(21), 1 + rng.randrange(12), 1 + rng.randrange(28))
        self.written = when
        # A unique phrase per essay, so a search test can look for any one of them.
        marker = f"Marker phrase {self._made_up_word()} {index:05d} {self._made_up_word()}."
        paragraphs = [self._paragraph(rng.randint(60, 140)) for _ in range(rng.randint(6, 9))]
        while sum(len(p.split()) for p in paragraphs) < WORDS_PER_ESSAY - 60:
            paragraphs.append(self._paragraph(rng.randint(60, 120)))
        paragraphs.insert(rng.randrange(1, len(paragraphs)), marker)

        head: list[str] = []
        title_kind = rng.random()
        if title_kind < 0.25:
            head.append(rng.choice(_TITLES))  # shared titles: slugs get -2, -3...
        elif title_kind < 0.9:
            head.append(f"{rng.choice(_TITLES)}: {self._made_up_word().title()} {index}")
        author = self._name()
        tail: list[str] = []
        form = rng.randrange(7)
        if form == 0:
            head.append(f"By {author}")
        elif form == 1:
            head.append(f"By {author} and {self._name()} | {_long_date(when)}")
        elif form == 2:
            head.append(f"By {author}, {_long_date(when)}")
        elif form == 3:
            head.append(f"Published: {when.isoformat()}")
        elif form == 4:
            tail.append(f"{author} {rng.choice(_ROLES)}")
        elif form == 5:
            tail.append(f"{author}, {rng.choice(_COMMA_ROLES)}")
        if rng.random() < 0.15:
            tail.append(rng.choice(_DEBRIS))

        separator = "\n\n" if rng.random() < 0.7 else "\n"
        text = separator.join([*head, *paragraphs, *tail]) + "\n"

        sidecar = None
        if rng.random() < 0.125:
            lines = [f"# Curated facts for {stem}.txt (synthetic)."]
            if not head or rng.random() < 0.5:
                lines.append(f"title: {_yaml_scalar(rng.choice(_TITLES) + ' (curated)')}")
            lines.append(f"date: {when.isoformat()}")
            lines.append(f"publication: {_yaml_scalar(rng.choice(_LAST) + ' Review')}")
            lines.append(f"tags: [{_yaml_scalar(rng.choice(_COMMON))}, {_yaml_scalar(rng.choice(_COMMON))}]")
            if rng.random() < 0.5:
                lines.append(f"authors:\n  - name: {author}\n    bio: {_yaml_scalar(rng.choice(_ROLES))}")
            sidecar = "\n".join(lines) + "\n"
        return stem, text, sidecar


def generate(count: int, out: Path, seed: int = 1, catalog: Path = ROOT / "events") -> list[str]:
    """Writes `count` essays (and some sidecars) into `out`; returns the essay file names."""
    out.mkdir(parents=True, exist_ok=True)
    writer = _Writer(seed, _load_events(catalog))
    names = []
    for index in range(count):
        stem, text, sidecar = writer.essay(index)
        (out / f"{stem}.txt").write_text(text, encoding="utf-8", newline="\n")
        if sidecar is not None:
            (out / f"{stem}.yml").write_text(sidecar, encoding="utf-8", newline="\n")
        names.append(f"{stem}.txt")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--catalog", type=Path, default=ROOT / "events")
    args = parser.parse_args(argv)
    generate(args.count, args.out, args.seed, args.catalog)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
