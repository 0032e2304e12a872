"""The page templates, installed inside the package as `search.templates` (see pyproject.toml).

This file only makes the folder a package, so that `importlib.resources.files("search.templates")`
finds the same files in a wheel, a `pip install --user`, pipx and an editable checkout.
"""
