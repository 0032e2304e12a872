"""The search-server index definitions, installed inside the package as `search.mappings` (see pyproject.toml).

This file only makes the folder a package, so that `importlib.resources.files("search.mappings")`
finds the same files in a wheel, a `pip install --user`, pipx and an editable checkout.
"""
