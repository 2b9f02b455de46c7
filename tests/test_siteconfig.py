"""site_from_config: the site's name and absolute URL, read from mkdocs.yml."""

import os
from unittest import mock

from opedarchive.core.models import Site
from opedarchive.pages.config import DEFAULT_URL, site_from_config


def _site(text, environ=None):
    # Exactly these variables: a SITE_URL set where the tests run must not leak in.
    with mock.patch.dict(os.environ, environ or {}, clear=True):
        return site_from_config(text, "mkdocs.yml")


def test_plain_values():
    site, problems = _site("site_name: Op-eds\nsite_url: https://example.org/essays/\nsite_description: Words\n")
    assert problems == []
    assert site == Site(name="Op-eds", url="https://example.org/essays/", description="Words")


def test_env_tag_with_the_variable_set():
    site, problems = _site("site_url: !ENV SITE_URL\n", {"SITE_URL": "https://env.example/"})
    assert problems == []
    assert site.url == "https://env.example/"


def test_env_tag_without_the_variable_falls_back_to_the_default_url():
    site, problems = _site("site_url: !ENV SITE_URL\n")
    assert problems == []
    assert site.url == DEFAULT_URL


def test_env_tag_sequence_tries_variables_in_order_then_its_default():
    text = "site_url: !ENV [SITE_URL, OTHER_URL, 'https://fallback.example/']\n"
    assert _site(text)[0].url == "https://fallback.example/"
    assert _site(text, {"OTHER_URL": "https://other.example/"})[0].url == "https://other.example/"
    both = {"SITE_URL": "https://first.example/", "OTHER_URL": "https://other.example/"}
    assert _site(text, both)[0].url == "https://first.example/"


def test_missing_site_url_and_name_take_defaults():
    site, problems = _site("theme:\n  name: material\n")
    assert problems == []
    assert site == Site(name="Essays", url=DEFAULT_URL, description="")


def test_url_without_trailing_slash_gets_one():
    site, _ = _site("site_url: https://example.org/archive\n")
    assert site.url == "https://example.org/archive/"


def test_other_tags_are_ignored():
    text = (
        "site_url: https://example.org/\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "hooks: !relative hooks.py\n"
    )
    site, problems = _site(text)
    assert problems == []
    assert site.url == "https://example.org/"


def test_invalid_yaml_is_a_problem_with_its_line():
    site, problems = _site("site_name: Essays\nsite_url: [unclosed\nnav:\n  - a\n")
    assert site is None
    assert len(problems) == 1
    assert problems[0].path == "mkdocs.yml"
    assert str(problems[0]) == "mkdocs.yml:3: error: invalid YAML: expected ',' or ']', but got ':'"


def test_relative_url_is_a_problem():
    site, problems = _site("site_url: /essays/\n")
    assert site is None
    assert "absolute http(s) URL" in problems[0].message
    assert "'/essays/'" in problems[0].message


def test_env_value_that_is_relative_is_a_problem():
    site, problems = _site("site_url: !ENV SITE_URL\n", {"SITE_URL": "example.org"})
    assert site is None
    assert "absolute http(s) URL" in problems[0].message


def test_not_a_mapping_is_a_problem():
    site, problems = _site("- just\n- a list\n")
    assert site is None
    assert problems[0].message.startswith("not a MkDocs configuration")


def test_env_tag_sequence_of_one_variable_has_no_default():
    # As pyyaml_env_tag: a one-item sequence names a variable, not a default.
    text = "site_url: !ENV [SITE_URL]\n"
    assert _site(text, {"SITE_URL": "https://env.example/"})[0].url == "https://env.example/"
    assert _site(text)[0].url == DEFAULT_URL


def test_env_tag_on_a_mapping_is_a_problem_with_its_line():
    site, problems = _site("site_name: x\nsite_url: !ENV {a: b}\n")
    assert site is None
    assert (
        str(problems[0]) == "mkdocs.yml:2: error: invalid YAML: expected a scalar or sequence node, but found mapping"
    )
