"""Python-Markdown configured as MkDocs configures it for this site: the extensions mkdocs.yml
enables plus the three MkDocs always adds, so a new extension in mkdocs.yml is tested
automatically. Shared by tests/test_escape.py and tests/test_properties.py."""

from __future__ import annotations

from pathlib import Path

import markdown
import yaml
import yaml_env_tag

ROOT = Path(__file__).resolve().parent.parent


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, !ENV tags and all, as MkDocs does."""


yaml_env_tag.add_env_tag(_ConfigLoader)


def renderer() -> markdown.Markdown:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    names, configs = ["toc", "tables", "fenced_code"], {}
    for item in config.get("markdown_extensions", []):
        if isinstance(item, dict):
            ((name, options),) = item.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return markdown.Markdown(extensions=names, extension_configs=configs)
