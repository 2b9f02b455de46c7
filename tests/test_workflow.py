"""The GitHub Pages workflow, checked offline: GitHub's workflow schema (vendored in check-jsonschema), zizmor's
security audit in its strictest persona, and the least-privilege choices this project makes on purpose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ZIZMOR_CONFIG = ROOT / ".github" / "zizmor.yml"
BIN = Path(sys.executable).parent


def check_jsonschema(*paths: Path) -> subprocess.CompletedProcess:
    command = [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def zizmor(folder: Path) -> subprocess.CompletedProcess:
    command = [str(BIN / "zizmor"), "--offline", "--pedantic", "--config", str(ZIZMOR_CONFIG), str(folder)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_workflows_match_githubs_schema():
    run = check_jsonschema(*sorted(WORKFLOWS.glob("*.yml")))
    assert run.returncode == 0, run.stdout + run.stderr


def test_zizmor_finds_nothing_even_pedantic():
    run = zizmor(WORKFLOWS)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No findings to report" in run.stdout


def test_pages_workflow_builds_with_make_site_and_grants_least_privilege():
    workflow = load(WORKFLOWS / "pages.yml")
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    checkout = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert any("make site" in run and "SITE_URL=" in run for run in runs)
    assert not [run for run in runs if "${{" in run]
    assert [step["uses"].split("@")[0] for step in build["steps"] + deploy["steps"] if "uses" in step] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]


UNSAFE = """\
name: unsafe
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: someone/else@main
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_the_checks_can_fail_on_an_unsafe_or_invalid_workflow(tmp_path):
    """Both tools run offline here and still catch the classic faults."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "unsafe.yml").write_text(UNSAFE, encoding="utf-8")
    audit = zizmor(folder)
    assert audit.returncode != 0
    for finding in ("template-injection", "artipacked", "unpinned-uses", "excessive-permissions"):
        assert finding in audit.stdout, audit.stdout
    (folder / "invalid.yml").write_text("on: push\njobs:\n  x:\n    steps: []\n", encoding="utf-8")
    assert check_jsonschema(folder / "invalid.yml").returncode != 0
