"""The two GitHub workflows (Pages: build and publish; Tests: `make test` on pushes and pull requests), checked
offline: GitHub's workflow schema (vendored in check-jsonschema), zizmor's security audit in its strictest
persona, the least-privilege choices this project makes on purpose, and the address the Pages build is made for
(the build step's own script, run with a stand-in for make)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
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


def test_tests_workflow_runs_make_test_on_pushes_and_pull_requests_with_least_privilege():
    workflow = load(WORKFLOWS / "tests.yml")
    triggers = workflow[True]
    assert "push" in triggers and "pull_request" in triggers
    assert "pull_request_target" not in triggers  # would run a fork's code with this repository's token
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    # Debian, where `make test` installs Debian's Chromium for the browser tests; pinned by digest.
    image, _, digest = job["container"].partition("@sha256:")
    assert image == "python:3.11-bookworm" and len(digest) == 64
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    assert [step["run"] for step in job["steps"] if "run" in step] == ["make test"]
    assert "secrets." not in (WORKFLOWS / "tests.yml").read_text(encoding="utf-8")


def _pages_build_script() -> tuple[str, dict[str, str]]:
    step = next(s for s in load(WORKFLOWS / "pages.yml")["jobs"]["build"]["steps"] if "make site" in s.get("run", ""))
    return step["run"], step["env"]


@pytest.mark.parametrize(
    ("repository", "site_url_variable", "expected"),
    [
        ("essays", "", "https://jane-doe.github.io/essays/"),  # a project site, under its subpath
        ("Jane-Doe.github.io", "", "https://jane-doe.github.io/"),  # the owner's own site, at the root
        ("essays", "https://essays.example.org", "https://essays.example.org/"),  # a custom domain
    ],
)
def test_pages_build_is_made_for_the_address_the_site_will_have(tmp_path, repository, site_url_variable, expected):
    """The build step's script, run by bash as on the runner, with `make` replaced by a script that prints
    the settings it was given."""
    script, env_template = _pages_build_script()
    assert env_template["SITE_URL_SETTING"] == "${{ vars.SITE_URL }}"
    (tmp_path / "make").write_text('#!/bin/sh\necho "$1|$SITE_URL|$CORRECTIONS_URL|$COPYRIGHT"\n', encoding="utf-8")
    (tmp_path / "make").chmod(0o755)
    env = {
        "PATH": f"{tmp_path}:{os.environ['PATH']}",
        "OWNER": "Jane-Doe",
        "REPOSITORY": repository,
        "SERVER": "https://github.com",
        "FULL_NAME": f"Jane-Doe/{repository}",
        "SITE_URL_SETTING": site_url_variable,
        "CORRECTIONS_URL_SETTING": "",
        "COPYRIGHT": "Texts © their authors",
    }
    run = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    made = run.stdout.strip().splitlines()[-1]
    assert made == f"site|{expected}|https://github.com/Jane-Doe/{repository}/issues|Texts © their authors"


def test_a_corrections_address_setting_replaces_the_issues(tmp_path):
    script, _ = _pages_build_script()
    (tmp_path / "make").write_text('#!/bin/sh\necho "$CORRECTIONS_URL"\n', encoding="utf-8")
    (tmp_path / "make").chmod(0o755)
    env = {
        "PATH": f"{tmp_path}:{os.environ['PATH']}",
        **dict.fromkeys(("OWNER", "REPOSITORY", "SERVER", "FULL_NAME", "SITE_URL_SETTING", "COPYRIGHT"), "x"),
        "CORRECTIONS_URL_SETTING": "mailto:editor@example.org",
    }
    run = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, check=False)
    assert run.stdout.strip().splitlines()[-1] == "mailto:editor@example.org"


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
