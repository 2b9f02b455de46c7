"""Screenshots of the pages a reader meets, at a desktop and a phone size, with Debian's Chromium: the seed site
built as `make site` builds it and served under /REPO/ as GitHub Pages serves it. For judging the design by eye
(`python -m bench.screenshots`; the PNGs go to bench/work/screenshots/, which git ignores)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.measure import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import ROOT
from tests.sitebuild import build_and_serve

SIZES = {"desktop": (1280, 900), "phone": (375, 800)}
PAGES = {
    "home": "",
    "essay": "essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to/",
    "essay2": "essays/the-st-petersburg-bombing-why-it-wont-bring-america-and/",
    "event": "events/beslan-school-siege/",
    "timeline": "timeline/",
    "search": "search/?q=diplomacy",
    "404": "no/such/page/",
    "about": "about/",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "work" / "screenshots")
    parser.add_argument("--full", action="store_true", help="whole pages, not only the first screen")
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        _, server = build_and_serve(Path(tmp))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, color_scheme="dark" if args.dark else "light"
                    )
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(server.base_url + path, wait_until="networkidle")
                        if name == "search":
                            page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
                            page.wait_for_timeout(500)
                        target = args.out / f"{name}-{size}.png"
                        page.screenshot(path=str(target), full_page=args.full)
                        print(target, file=sys.stderr)
                    context.close()
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
