"""Rewrite every tests/cases/**/*.expected from what the code produces now.

    .venv/bin/python -m tests.regen        (or: make expected)

Then read `git diff tests/cases`: each change must be one you intend."""

from .casefiles import all_cases, expected_path, produce


def main() -> None:
    changed = 0
    for path in all_cases():
        target = expected_path(path)
        text = produce(path)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed += 1
            print(f"wrote {target.relative_to(target.parents[2])}")
    print(f"{changed} expected file(s) changed")


if __name__ == "__main__":
    main()
