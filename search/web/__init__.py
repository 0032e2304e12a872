"""The browser interface and JSON API of Bahith (`bahith serve`).

`create_app(backend)` builds a FastAPI application over any `Backend` — it uses only
`search`, `get` and `stats`, so the embedded engine and a search server look the same here.
Pages are Jinja2 templates from the project's `templates/` folder (a newsroom may point
`--templates` at its own folder to override any of them, partials included).
"""

from search.web.app import create_app, default_templates_dir

__all__ = ["create_app", "default_templates_dir"]
