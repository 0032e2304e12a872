"""`bahith serve`: the browser interface and JSON API over an archive, on loopback unless told.

Who may talk to the server is decided here once (docs/security.md): an access token of 32+
characters from $BAHITH_AUTH_TOKEN or a file (never the command line, where `ps` shows it to
every user of the machine); no token is allowed only on a loopback address; the names the server
answers to; whether it sits behind TLS.
"""

from __future__ import annotations

import atexit
import ipaddress
import json
import os
import secrets
import shutil
import stat
import tempfile
from dataclasses import asdict
from pathlib import Path

import click

from search.commands.common import ENGINE_HELP, backend_for, fail

ENV_AUTH = "BAHITH_AUTH_TOKEN"
ENV_AUTH_FILE = "BAHITH_AUTH_TOKEN_FILE"
ENV_ALLOWED_HOSTS = "BAHITH_ALLOWED_HOSTS"
ENV_SECURE_COOKIES = "BAHITH_SECURE_COOKIES"
ENV_TRUSTED_PROXIES = "BAHITH_TRUSTED_PROXIES"
ENV_CONFIG = "BAHITH_SERVE_CONFIG"  # how --workers hands the settings to its worker processes
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    """An address only this machine can reach: localhost, 127.0.0.0/8, ::1."""
    if host.strip().lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _env_list(name: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]


def read_token(auth_file: Path | None) -> str | None:
    """The access token from --auth-file / $BAHITH_AUTH_TOKEN_FILE or $BAHITH_AUTH_TOKEN (None: no login)."""
    from search.web.security import MAKE_TOKEN, WeakToken, check_token

    env_token = os.environ.get(ENV_AUTH) or None
    if auth_file is not None:
        if env_token:
            fail(f"the access token is given twice (${ENV_AUTH} and {auth_file}): keep one")
        try:
            token = auth_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{auth_file}: cannot read the access token ({exc})")
        if not token:
            fail(f"{auth_file}: the file is empty; put a token in it, made with: {MAKE_TOKEN}")
        mode = auth_file.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            click.secho(f"warning: {auth_file} can be read by other users of this machine (chmod 600 it)",
                        fg="yellow", err=True)
        source = str(auth_file)
    else:
        token, source = env_token, f"${ENV_AUTH}"
    if token is None:
        return None
    try:
        check_token(token)
    except WeakToken as exc:
        fail(f"{source}: {exc}")
    return token


def register(main: click.Group) -> None:
    @main.command("serve")
    @click.option("--engine", help=ENGINE_HELP)
    @click.option("--host", default="127.0.0.1", show_default=True,
                  help="Address to listen on; the default keeps the archive on this machine. Any other "
                       "address needs an access token.")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
    @click.option("--auth-file", type=click.Path(dir_okay=False, path_type=Path), envvar=ENV_AUTH_FILE,
                  help=f"Require the access token held in this file (also ${ENV_AUTH_FILE}, or the token "
                       f"itself in ${ENV_AUTH}); at least 32 characters. Login form, or "
                       f"'Authorization: Bearer TOKEN' for the API.")
    @click.option("--auth", "auth_token", metavar="TOKEN", default=None, hidden=True)
    @click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
                  help=f"A name this server answers to besides localhost/127.0.0.1/[::1] (repeatable; also "
                       f"${ENV_ALLOWED_HOSTS}, comma-separated), e.g. the name of the TLS proxy in front of it.")
    @click.option("--secure-cookies", is_flag=True,
                  help=f"Every browser reaches this server over TLS (a reverse proxy): cookies get Secure and "
                       f"the __Host- prefix, pages send HSTS (also ${ENV_SECURE_COOKIES}=1).")
    @click.option("--trusted-proxy", "trusted_proxies", multiple=True, metavar="IP",
                  help=f"A reverse proxy (address or network) whose X-Forwarded-Proto and X-Forwarded-For are "
                       f"believed (repeatable; also ${ENV_TRUSTED_PROXIES}, comma-separated).")
    @click.option("--session-idle", default=480, show_default=True, type=click.IntRange(1, 7 * 24 * 60),
                  metavar="MINUTES", help="A signed-in session ends after this long unused.")
    @click.option("--session-max", default=24 * 60, show_default=True, type=click.IntRange(1, 30 * 24 * 60),
                  metavar="MINUTES", help="A signed-in session ends this long after signing in, used or not.")
    @click.option("--templates", type=click.Path(file_okay=False, path_type=Path),
                  help="A folder of templates overriding the built-in ones (any file, partials included).")
    @click.option("--digits", default="auto", show_default=True, type=click.Choice(["auto", "arab", "latn"]),
                  help="Digits on pages: Arabic-Indic (٠١٢), Latin (012), or auto (Arabic-Indic in Arabic).")
    @click.option("--archive-language", type=click.Choice(["ar", "en", "browser"]), default=None,
                  help="Language of pages when the reader did not choose one (?lang=): the archive's, before "
                       "the browser's; 'browser' lets the browser decide. Default $BAHITH_ARCHIVE_LANGUAGE, else ar.")
    @click.option("--export-cap", default=None, type=click.IntRange(1, None), metavar="ROWS",
                  help="Most rows one CSV or JSON Lines export may hold (default: no cap, every row). An "
                       "export over the cap is refused with a message saying so, never cut short.")
    @click.option("--saved-store", metavar="URL", default=None,
                  help="Where saved searches are kept (default: beside the archive).")
    @click.option("--cache-seconds", default=60.0, show_default=True, type=click.FloatRange(0, 86400),
                  help="Serve a page again from memory for at most this long; sooner renewed when an "
                       "embedded archive changes (0: always ask the engine).")
    @click.option("--cache-mb", default=64.0, show_default=True, type=click.FloatRange(0, 65536),
                  help="Most memory the page cache may hold, in MiB (least recently used pages go first).")
    @click.option("--base-url", metavar="URL", default=None,
                  help="The address readers use for this server (https://bahith.newsroom.example), for links "
                       "in feeds; also $BAHITH_BASE_URL or base_url in bahith.toml. Without one, feed links "
                       "are relative. Never taken from a request's Host header.")
    @click.option("--saved-quota", default=200, show_default=True, type=click.IntRange(1, 100_000),
                  help="Saved searches the web may keep (the command line has no quota).")
    @click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
                  help="Server processes; more than one uses more CPU cores for many concurrent readers.")
    @click.option("--log-level", default="info", show_default=True,
                  type=click.Choice(["critical", "error", "warning", "info", "debug"]))
    def serve_cmd(engine: str | None, host: str, port: int, auth_file: Path | None, auth_token: str | None,
                  allowed_hosts: tuple[str, ...], secure_cookies: bool, trusted_proxies: tuple[str, ...],
                  session_idle: int, session_max: int, templates: Path | None, digits: str,
                  archive_language: str | None, export_cap: int | None, saved_store: str | None, cache_seconds: float,
                  cache_mb: float, base_url: str | None, saved_quota: int, workers: int, log_level: str) -> None:
        """Serve search pages and the JSON API (OpenAPI at /api/openapi.json)."""
        from search.extras import MissingExtra, require

        try:
            require("web")
        except MissingExtra as exc:
            fail(str(exc))
        import uvicorn

        from search.config import ConfigError, load_base_url, load_settings
        from search.web.app import TemplatesNotFound
        from search.web.saved import default_store_url
        from search.web.security import AccessSettings, host_name

        if auth_token is not None:
            fail(f"--auth TOKEN was removed: a token on the command line is shown by `ps` to every user of this "
                 f"machine and kept in shell history. Put it in ${ENV_AUTH} or in a file (--auth-file PATH).")
        token = read_token(auth_file)
        if token is None and not is_loopback(host):
            fail(f"refusing to serve on {host} without an access token: anyone who can reach this address could "
                 f"read the archive. Set ${ENV_AUTH} (or --auth-file PATH), or listen on 127.0.0.1.")
        names = [*allowed_hosts, *_env_list(ENV_ALLOWED_HOSTS)]
        bad = [n for n in names if host_name(n) is None]
        if bad:
            raise click.BadParameter(f"{bad[0]!r} is not a host name (NAME or NAME:PORT)", param_hint="--allowed-host")
        if host not in WILDCARD_HOSTS:
            names.append(f"[{host}]" if ":" in host else host)  # the address it listens on names it too
        if templates is not None and not templates.is_dir():
            raise click.BadParameter(f"{templates} is not a folder", param_hint="--templates")
        try:
            base_url = load_base_url(base_url)
        except ConfigError as exc:
            raise click.BadParameter(str(exc), param_hint="--base-url") from None
        access = AccessSettings(
            allowed_hosts=tuple(names),
            secure_cookies=secure_cookies or os.environ.get(ENV_SECURE_COOKIES, "").strip().lower()
            in ("1", "true", "yes", "on"),
            trusted_proxies=(*trusted_proxies, *_env_list(ENV_TRUSTED_PROXIES)),
            secret=secrets.token_hex(32), session_idle=session_idle * 60.0, session_max=session_max * 60.0)
        if workers > 1 and token is not None:
            # sessions and failed sign-ins in one file all worker processes share, gone when the server stops
            folder = tempfile.mkdtemp(prefix="bahith-sessions-")
            atexit.register(shutil.rmtree, folder, True)
            access = AccessSettings(**{**asdict(access), "session_store": str(Path(folder) / "sessions.db")})
        backend = backend_for(engine)
        engine_url = load_settings(engine).engine
        config = {"engine": engine_url, "templates": str(templates) if templates else None, "auth_token": token,
                  "export_cap": export_cap, "digits": digits, "cache_seconds": cache_seconds,
                  "archive_language": archive_language, "access": asdict(access),
                  "cache_bytes": int(cache_mb * 1024 * 1024), "base_url": base_url, "saved_quota": saved_quota,
                  "saved_store_url": saved_store or default_store_url(engine_url)}
        try:
            app = build_app(config, backend)
        except TemplatesNotFound as exc:
            fail(str(exc))
        except ValueError as exc:  # a trusted proxy that is no address
            fail(str(exc))
        if base_url is None:
            click.echo("feeds: no --base-url (nor $BAHITH_BASE_URL, base_url in bahith.toml): feed links are "
                       "relative to the feed's address", err=True)
        click.echo(f"Bahith on http://{'[' + host + ']' if ':' in host else host}:{port}/  "
                   f"(archive: {backend.location}; {workers} worker(s); "
                   f"{'access token required' if token else 'no login: loopback only'}; Ctrl-C stops)", err=True)
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
    from search.web.security import AccessSettings

    if backend is None:
        backend = open_backend(config["engine"], create=False)
    access = config.get("access") or {}
    access = AccessSettings(**{k: tuple(v) if isinstance(v, list) else v for k, v in access.items()})
    return create_app(backend, templates=config["templates"], auth_token=config["auth_token"],
                      export_cap=config["export_cap"], digits=config["digits"],
                      saved_store_url=config["saved_store_url"], cache_seconds=config["cache_seconds"],
                      archive_language=config.get("archive_language"), access=access,
                      cache_bytes=config.get("cache_bytes", 64 * 1024 * 1024), base_url=config.get("base_url"),
                      saved_quota=config.get("saved_quota", 200))


def app_from_environment():
    """The app of one worker process of `bahith serve --workers N` (settings from the parent's environment)."""
    return build_app(json.loads(os.environ[ENV_CONFIG]))
