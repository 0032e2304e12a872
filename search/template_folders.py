"""Where templates are found, for the web pages and the e-mail digests alike.

A newsroom's own folder comes first (`--templates DIR` or $BAHITH_TEMPLATES), then the project's
`templates/` folder, which every install carries inside the package as `search.templates` (an
editable install maps it to the checkout's folder). Any single file can so be overridden without
copying the rest. This module imports nothing of the web app, so alerts can use it on an install
without the [web] extra.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV_TEMPLATES = "BAHITH_TEMPLATES"
TEMPLATES_PACKAGE = "search.templates"  # the top-level templates/ folder, installed inside the package


class TemplatesNotFound(RuntimeError):
    """No folder with the templates asked for: the message says where it looked."""


def default_templates_dir(needs: str = "base.html") -> Path:
    """The package's own templates (`search.templates`), wherever and however it was installed.

    `needs` is a file that must be there (base.html for the pages, email/digest.txt for digests).
    Jinja2's loader and the static-file route need a real folder, which every pip, pipx or editable
    install gives (only a zipped import could not, and Bahith is not installed that way).
    """
    try:
        path: Path | None = Path(str(resources.files(TEMPLATES_PACKAGE)))
    except ModuleNotFoundError:
        path = None
    if path is None or not (path / needs).is_file():
        raise TemplatesNotFound(f"the templates ({TEMPLATES_PACKAGE}) are missing from this install of Bahith "
                                f"(looked for {needs} in {path}); reinstall it, or pass --templates DIR "
                                f"(a folder holding {needs})")
    return path


def template_dirs(override: Path | str | None = None, needs: str = "base.html") -> list[Path]:
    """The newsroom's folder first (`override`, else $BAHITH_TEMPLATES), then the project's own."""
    dirs: list[Path] = []
    chosen = override or os.environ.get(ENV_TEMPLATES)
    if chosen:
        path = Path(chosen)
        if not path.is_dir():
            raise TemplatesNotFound(f"templates folder {path} does not exist")
        dirs.append(path)
    dirs.append(default_templates_dir(needs))
    return dirs
