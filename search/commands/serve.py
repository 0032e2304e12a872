"""`bahith serve`: the browser interface and JSON API over an archive, on loopback unless told."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import click

from search.commands.common import ENGINE_HELP, backend_for, fail

ENV_AUTH = "BAHITH_AUTH_TOKEN"
ENV_CONFIG = "BAHITH_SERVE_CONFIG"  # how --workers hands the settings to its worker processes


def register(main: click.Group) -> None:
    @main.command("serve")
    @click.option("--engine", help=ENGINE_HELP)
    @click.option("--host", default="127.0.0.1", show_default=True,
                  help="Address to listen on; the default keeps the archive on this machine.")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
    @click.option("--auth", "auth_token", metavar="TOKEN", default=None,
                  help=f"Require this access token (login form, or 'Authorization: Bearer TOKEN' for the API). "
                       f"Also read from ${ENV_AUTH}.")
    @click.option("--templates", type=click.Path(file_okay=False, path_type=Path),
                  help="A folder of templates overriding the built-in ones (any file, partials included).")
    @click.option("--digits", default="auto", show_default=True, type=click.Choice(["auto", "arab", "latn"]),
                  help="Digits on pages: Arabic-Indic (٠١٢), Latin (012), or auto (Arabic-Indic in Arabic).")
    @click.option("--export-cap", default=10_000, show_default=True, type=click.IntRange(1, 10_000_000),
                  help="Most rows one CSV or JSON Lines export may hold.")
    @click.option("--saved-store", metavar="URL", default=None,
                  help="Where saved searches are kept (default: beside the archive).")
    @click.option("--cache-seconds", default=60.0, show_default=True, type=click.FloatRange(0, 86400),
                  help="Serve a page again from memory for at most this long; sooner renewed when an "
                       "embedded archive changes (0: always ask the engine).")
    @click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
                  help="Server processes; more than one uses more CPU cores for many concurrent readers.")
    @click.option("--log-level", default="info", show_default=True,
                  type=click.Choice(["critical", "error", "warning", "info", "debug"]))
    def serve_cmd(engine: str | None, host: str, port: int, auth_token: str | None, templates: Path | None,
                  digits: str, export_cap: int, saved_store: str | None, cache_seconds: float,
                  workers: int, log_level: str) -> None:
        """Serve search pages and the JSON API (OpenAPI at /api/openapi.json)."""
        from search.extras import MissingExtra, require

        try:
            require("web")
        except MissingExtra as exc:
            fail(str(exc))
        import uvicorn

        from search.config import load_settings
        from search.web.app import TemplatesNotFound
        from search.web.saved import default_store_url

        token = auth_token or os.environ.get(ENV_AUTH) or None
        if templates is not None and not templates.is_dir():
            raise click.BadParameter(f"{templates} is not a folder", param_hint="--templates")
        backend = backend_for(engine)
        engine_url = load_settings(engine).engine
        config = {"engine": engine_url, "templates": str(templates) if templates else None, "auth_token": token,
                  "export_cap": export_cap, "digits": digits, "cache_seconds": cache_seconds,
                  "saved_store_url": saved_store or default_store_url(engine_url)}
        try:
            app = build_app(config, backend)
        except TemplatesNotFound as exc:
            fail(str(exc))
        if host not in ("127.0.0.1", "localhost", "::1") and token is None:
            logging.getLogger("search.serve").warning(
                f"serving on {host} without --auth: anyone who can reach this address can read the archive")
        click.echo(f"Bahith on http://{'[' + host + ']' if ':' in host else host}:{port}/  "
                   f"(archive: {backend.location}; {workers} worker(s); Ctrl-C stops)", err=True)
        options = {"host": host, "port": port, "log_level": log_level, "proxy_headers": False,
                   "server_header": False, "timeout_keep_alive": 30}
        if workers == 1:
            uvicorn.run(app, **options)
            return
        # worker processes build their own app (and engine connection) from the same settings
        backend.close()
        os.environ[ENV_CONFIG] = json.dumps(config)
        uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers, **options)


def build_app(config: dict, backend=None):
    from search.backends import open_backend
    from search.web.app import create_app

    if backend is None:
        backend = open_backend(config["engine"], create=False)
    return create_app(backend, templates=config["templates"], auth_token=config["auth_token"],
                      export_cap=config["export_cap"], digits=config["digits"],
                      saved_store_url=config["saved_store_url"], cache_seconds=config["cache_seconds"])


def app_from_environment():
    """The app of one worker process of `bahith serve --workers N` (settings from the parent's environment)."""
    return build_app(json.loads(os.environ[ENV_CONFIG]))
