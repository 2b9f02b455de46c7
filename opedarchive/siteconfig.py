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
        # variables to try in order, its last item being the default when it has two or more.
        # A variable's value is typed as YAML would type it, without being parsed as YAML.
        default = None
        if isinstance(node, yaml.ScalarNode):
            names = [loader.construct_scalar(node)]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
            if len(children) > 1:
                default = loader.construct_object(children[-1])
                children = children[:-1]
            names = [loader.construct_scalar(child) for child in children]
        else:
            raise yaml.constructor.ConstructorError(
                None, None, f"!ENV expects a scalar or a sequence, not {node.id}", node.start_mark
            )
        for name in names:
            if name in environ:
                value = environ[name]
                tag = loader.resolve(yaml.ScalarNode, value, (True, False))
                return loader.construct_object(yaml.ScalarNode(tag, value))
        return default

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
