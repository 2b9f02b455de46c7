"""How often the converter reads a pasted op-ed page as a careful person does: precision and
recall of title, authors and date (and events, where a case's truth lists them) over the
corpus in tests/cases/corpus/ (each NAME.txt with the person's reading in NAME.truth.yml).

    .venv/bin/python -m tests.accuracy      (or: make accuracy)   -> tests/accuracy.md

Precision: of the values the converter stated, how many are right. Recall: of the values the
text states, how many the converter found. A wrong author or date costs precision, a missing
one recall; the archive wants precision first. Only what the text itself yields is scored:
the cases have no sidecars, and an inferred date is not a stated one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from opedarchive.core.models import Essay, RawEssay
from opedarchive.ingest.essay import extract_essay

from .casefiles import _BY_ID, _MATCHER, CASES

CORPUS = CASES / "corpus"
REPORT = Path(__file__).resolve().parent / "accuracy.md"
FIELDS = ("title", "authors", "date")
LINE_FIELDS = ("events", "debris lines")  # scored item by item


@dataclass
class Score:
    stated: int = 0  # the converter gave a value
    expected: int = 0  # the truth has a value
    right: int = 0  # both, and equal
    wrong: list[str] = field(default_factory=list)  # stated but not right
    missed: list[str] = field(default_factory=list)  # expected but not stated

    def precision(self) -> float:
        return self.right / self.stated if self.stated else 1.0

    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def read_case(path: Path) -> tuple[Essay | None, dict]:
    raw = RawEssay(name=path.name, path=f"essays/{path.name}", data=path.read_bytes())
    essay, _ = extract_essay(raw, _MATCHER, _BY_ID)
    truth = yaml.safe_load(path.with_suffix(".truth.yml").read_text(encoding="utf-8"))
    return essay, truth


def _date_key(value, precision: str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        value = value.isoformat()
    text = str(value)
    return {"year": text[:4], "month": text[:7]}.get(precision or "day", text)


def predicted(essay: Essay | None) -> dict[str, object]:
    if essay is None:
        return dict.fromkeys(FIELDS)
    stated = essay.date if essay.date_source == "stated" else None
    return {
        "title": essay.title if essay.title_source == "text" else None,
        "authors": tuple(a.name for a in essay.authors) or None,
        "date": stated.iso() if stated else None,
    }


def expected(truth: dict) -> dict[str, object]:
    names = tuple(a["name"] for a in truth.get("authors") or ())
    return {
        "title": truth.get("title"),
        "authors": names or None,
        "date": _date_key(truth.get("date"), truth.get("date_precision")),
    }


def score(paths: list[Path]) -> dict[str, Score]:
    scores = {name: Score() for name in FIELDS + LINE_FIELDS}
    for path in paths:
        essay, truth = read_case(path)
        debris = {f"line {d.line}" for d in essay.debris} if essay else set()
        _score_items(scores["debris lines"], path, debris, {f"line {n}" for n in truth.get("debris_lines") or ()})
        if "events" in truth:
            _score_items(scores["events"], path, set(essay.events) if essay else set(), set(truth["events"] or ()))
        got, want = predicted(essay), expected(truth)
        for name in FIELDS:
            s = scores[name]
            if got[name] is not None:
                s.stated += 1
            if want[name]:
                s.expected += 1
            if got[name] is not None and got[name] == want[name] and want[name]:
                s.right += 1
            elif got[name] is not None:
                s.wrong.append(f"{path.stem}: {got[name]!r}, not {want[name]!r}")
            if want[name] and got[name] is None:
                s.missed.append(f"{path.stem}: {want[name]!r}")
    return scores


def _score_items(s: Score, path: Path, got: set, want: set) -> None:
    """Item by item (a debris line, an event): what the converter found against what a person read."""
    s.stated += len(got)
    s.expected += len(want)
    s.right += len(got & want)
    s.wrong += [f"{path.stem}: {item}" for item in sorted(got - want)]
    s.missed += [f"{path.stem}: {item}" for item in sorted(want - got)]


def report(scores: dict[str, Score], count: int) -> str:
    lines = [
        "# Metadata accuracy on the corpus",
        "",
        f"{count} pasted op-ed pages in `tests/cases/corpus/` (see its README), scored by `make accuracy`.",
        "Precision: of the values the converter stated, the share that are right. Recall: of the values "
        "the text states, the share the converter found.",
        "",
        "| field | precision | recall | stated | expected | right |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, s in scores.items():
        lines.append(f"| {name} | {s.precision():.1%} | {s.recall():.1%} | {s.stated} | {s.expected} | {s.right} |")
    for name, s in scores.items():
        if s.wrong:
            lines += ["", f"## {name}: wrong", "", *(f"- {w}" for w in s.wrong)]
        if s.missed:
            lines += ["", f"## {name}: missed", "", *(f"- {m}" for m in s.missed)]
    return "\n".join(lines) + "\n"


def corpus_paths() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def main() -> None:
    paths = corpus_paths()
    scores = score(paths)
    REPORT.write_text(report(scores, len(paths)), encoding="utf-8")
    for name, s in scores.items():
        print(f"{name}: precision {s.precision():.1%}, recall {s.recall():.1%} ({s.right}/{s.expected})")
    print(f"wrote {REPORT.relative_to(REPORT.parents[1])}")


if __name__ == "__main__":
    main()
