"""Web-page essays per second: N synthetic essays (bench/synth.py) wrapped in the page a news
site serves (head metadata, JSON-LD, navigation, a cookie banner, scripts, comments, related
articles), converted cold; beside them, the same essays as text files. Part of `make bench`:

    python -m bench.html_essays --count 100
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import sys
from pathlib import Path

from tests.conftest import make_archive

from . import measure, synth

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
COUNT = 100
_AUTHORS = ("Maria Lindqvist", "Kwame Mensah", "Sofia Petrova", "Daniel Okafor", "Hannah Weiss", "Ravi Iyer")

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Opinion | The Example Review</title>
<meta name="description" content="{description}">
<meta property="og:title" content="{title}"><meta property="og:site_name" content="The Example Review">
<meta property="article:published_time" content="{day}T08:00:00+00:00">
<link rel="canonical" href="https://review.example/opinion/{number}">
<script type="application/ld+json">{json_ld}</script>
<style>body{{margin:0}} .cookie{{position:fixed}}</style>
<script>window.analytics=[];function consent(){{}}</script>
</head><body>
<div class="cookie">We use cookies. <button onclick="consent()">Accept</button></div>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/opinion">Opinion</a></nav></header>
<main><article><div class="kicker">Opinion</div><h1>{title}</h1>
<p class="byline">By <a rel="author" href="/a">{author}</a></p>
<div class="body">
{paragraphs}
</div></article>
<aside><h2>Related articles</h2><ul><li><a href="/1">Another view</a></li><li><a href="/2">Letters</a></li></ul></aside>
<section class="comments"><h2>Comments</h2><p>reader1: well said</p><p>reader2: nonsense</p></section>
</main><footer>© The Example Review</footer><script src="/t.js"></script></body></html>
"""


def as_page(number: int, text: str) -> str:
    """A synthetic essay's paragraphs in a news site's page. Its title and byline come from the
    page's markup; its text keeps everything of the essay but its first line."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    title = blocks[0].splitlines()[0][:120]
    body = blocks[1:] or blocks
    author = _AUTHORS[number % len(_AUTHORS)]
    day = f"20{10 + number % 14:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}"
    json_ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "OpinionNewsArticle",
            "headline": title,
            "datePublished": f"{day}T08:00:00+00:00",
            "author": [{"@type": "Person", "name": author}],
        }
    ).replace("</", "<\\/")
    return _PAGE.format(
        title=html.escape(title),
        description=html.escape(body[0][:150]),
        day=day,
        number=number,
        json_ld=json_ld,
        author=html.escape(author),
        paragraphs="\n".join(f"<p>{html.escape(block)}</p>" for block in body),
    )


def _archive(name: str, count: int) -> tuple[Path, list[Path]]:
    archive = WORK / name
    shutil.rmtree(archive, ignore_errors=True)
    make_archive(archive, with_seeds=False)
    synth.generate(count, archive / "essays", seed=1)
    return archive, sorted((archive / "essays").glob("*.txt"))


def measure_count(count: int = COUNT) -> dict[str, float]:
    """Cold conversion of `count` web-page essays, and of the same essays as text."""
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    text_archive, _ = _archive(f"html-{count}-as-text", count)
    html_archive, texts = _archive(f"html-{count}", count)
    for number, path in enumerate(texts):
        path.with_suffix(".html").write_text(as_page(number, path.read_text(encoding="utf-8")), encoding="utf-8")
        path.unlink()
    command = [sys.executable, str(ROOT / "build_archive.py")]
    as_text = measure.run(command, text_archive, env)
    as_html = measure.run(command, html_archive, env)
    for run, what in ((as_text, "text"), (as_html, "web page")):
        if run.returncode != 0:
            raise SystemExit(f"{count} {what} essays did not convert:\n{run.stderr[-2000:]}")
    return {
        "count": count,
        "html_s": as_html.seconds,
        "html_cpu": as_html.cpu_seconds,
        "html_mb": as_html.peak_mb,
        "text_s": as_text.seconds,
        "text_cpu": as_text.cpu_seconds,
    }


def render(row: dict[str, float]) -> list[str]:
    count = row["count"]
    return [
        "## Web-page essays",
        "",
        f"{count:g} synthetic essays saved as a news site's page (head metadata, JSON-LD, navigation, cookie "
        "banner, scripts, comments, related articles), converted cold (trafilatura extracts each), beside the "
        "same essays as text files.",
        "",
        "| essays | as web pages | essays per second | CPU | peak memory | as text files |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {count:g} | {row['html_s']:.2f} s | {count / row['html_s']:.0f} | {row['html_cpu']:.2f} s | "
        f"{row['html_mb']:,.0f} MB | {row['text_s']:.2f} s |",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the conversion of web-page essays.")
    parser.add_argument("--count", type=int, default=COUNT)
    args = parser.parse_args(argv)
    print("\n".join(render(measure_count(args.count))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
