"""Command groups beyond the core ones in `search.cli`, one module each (entities, engine, serve, saved…).

Every module here that defines `register(main)` is found and registered, so a new group is added by
adding a file, without editing a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil

import click


def register_all(main: click.Group) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "common":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(main)
