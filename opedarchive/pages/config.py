"""What the converter must know of the published site, read from mkdocs.yml: its name and its
absolute URL (citations, feeds, canonical links and JSON-LD need absolute URLs).

mkdocs.yml is the one place a maintainer sets them. `site_url` may use MkDocs' `!ENV` tag, so
the same environment variable (SITE_URL) sets it for MkDocs and for the converter alike.
"""

from __future__ import annotations

import yaml
import yaml_env_tag

from ..core.models import Problem, Site

DEFAULT_URL = "http://127.0.0.1:8000/"


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: `!ENV` by yaml_env_tag (MkDocs' own dependency), so the
    converter and MkDocs resolve SITE_URL alike, from the same environment."""


_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
# Other tags (!relative, !!python/name...) say nothing the converter needs.
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_from_config(text: str, path: str) -> tuple[Site | None, list[Problem]]:
    """The site's settings; `!ENV` tags read the process environment, as MkDocs does."""
    try:
        config = yaml.load(text, Loader=_ConfigLoader)
    except yaml.YAMLError as exc:
        # One line, as yamldoc reports the sidecars' and the catalog's: str(exc) spans several
        # and names the file "<unicode string>".
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(path, f"invalid YAML: {problem}", mark.line + 1 if mark else None)]
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
