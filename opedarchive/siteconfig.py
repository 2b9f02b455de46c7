"""What the converter must know of the published site, read from mkdocs.yml: its name and its
absolute URL (citations, feeds, canonical links and JSON-LD need absolute URLs).

mkdocs.yml is the one place a maintainer sets them. `site_url` may use MkDocs' `!ENV` tag, so
the same environment variable (SITE_URL) sets it for MkDocs and for the converter alike.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from .models import Problem, Site

DEFAULT_URL = "http://127.0.0.1:8000/"


def _loader(environ: Mapping[str, str]) -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        pass

    def env_tag(loader: yaml.SafeLoader, node: yaml.Node):
        # As pyyaml_env_tag (MkDocs' own): a scalar names one variable; a sequence names
        # variables to try in order, its last item being the default.
        if isinstance(node, yaml.ScalarNode):
            return environ.get(loader.construct_scalar(node))
        items = loader.construct_sequence(node)
        for name in items[:-1]:
            if name in environ:
                return yaml.safe_load(environ[name]) if environ[name] else None
        return items[-1] if len(items) > 1 else None

    def ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
        return None  # other tags (!relative, !!python/name...) say nothing we need

    Loader.add_constructor("!ENV", env_tag)
    Loader.add_multi_constructor("!", ignore)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", ignore)
    return Loader


def site_from_config(text: str, path: str, environ: Mapping[str, str]) -> tuple[Site | None, list[Problem]]:
    try:
        config = yaml.load(text, Loader=_loader(environ))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem(path, f"invalid YAML: {exc}", mark.line + 1 if mark else None)]
    if not isinstance(config, dict):
        return None, [Problem(path, "not a MkDocs configuration (expected a mapping)")]
    url = str(config.get("site_url") or DEFAULT_URL)
    if not url.startswith(("http://", "https://")):
        return None, [Problem(path, f"site_url must be an absolute http(s) URL, not {url!r}")]
    if not url.endswith("/"):
        url += "/"
    name = str(config.get("site_name") or "Essays")
    # Not MkDocs' repo_url: with it, Material fetches the repository's stars from GitHub's API.
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    corrections = extra.get("corrections_url")
    if not (isinstance(corrections, str) and corrections.startswith(("http://", "https://", "mailto:"))):
        corrections = None
    description = str(config.get("site_description") or "")
    return Site(name=name, url=url, description=description, corrections_url=corrections), []
