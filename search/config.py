"""Where Bahith finds its engine: flag, then environment, then config file, then the default.

One resolution order for CLI and web, so a journalist who sets `BAHITH_ENGINE` once gets the same
archive everywhere.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ENGINE = "sqlite:///bahith.db"
ENV_ENGINE = "BAHITH_ENGINE"
ENV_CONFIG = "BAHITH_CONFIG"


class ConfigError(Exception):
    """A config file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    engine: str
    config_file: Path | None


def config_paths() -> list[Path]:
    """Config files in the order they are tried: explicit, project folder, user folder."""
    paths = []
    if os.environ.get(ENV_CONFIG):
        paths.append(Path(os.environ[ENV_CONFIG]))
    paths.append(Path.cwd() / "bahith.toml")
    base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    paths.append(base / "bahith" / "config.toml")
    return paths


def read_toml(path: Path) -> dict:
    """A config file's tables; ConfigError naming the file when it is no TOML or cannot be read."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}") from exc


def _read_config(path: Path) -> dict:
    data = read_toml(path)
    engine = data.get("engine")
    if engine is not None and not isinstance(engine, str):
        raise ConfigError(f"{path}: 'engine' must be a string such as {DEFAULT_ENGINE!r}")
    return data


def load_settings(engine_flag: str | None = None) -> Settings:
    """Resolve the engine URL: --engine, then $BAHITH_ENGINE, then the first config file, then the default."""
    if engine_flag:
        return Settings(engine_flag, None)
    if os.environ.get(ENV_ENGINE):
        return Settings(os.environ[ENV_ENGINE], None)
    for path in config_paths():
        if path.is_file():
            data = _read_config(path)
            if data.get("engine"):
                return Settings(data["engine"], path)
    return Settings(DEFAULT_ENGINE, None)


ENV_BASE_URL = "BAHITH_BASE_URL"


def check_base_url(url: str, where: str) -> str:
    """`url` without a trailing slash, when it is an http(s) address; else ConfigError naming `where`."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{where}: base URL {url!r} must be an http:// or https:// address such as "
                          "https://bahith.newsroom.example (no query or fragment)")
    return url.strip().rstrip("/")


def load_base_url(flag: str | None = None) -> str | None:
    """Where readers reach the web pages, for links in feeds: --base-url, then $BAHITH_BASE_URL, then
    `base_url` in the first config file; None when none is set (feeds then use relative links).

    Never taken from a request's Host header, which whoever sends the request chooses.
    """
    if flag:
        return check_base_url(flag, "--base-url")
    if os.environ.get(ENV_BASE_URL):
        return check_base_url(os.environ[ENV_BASE_URL], f"${ENV_BASE_URL}")
    for path in config_paths():
        if path.is_file():
            value = _read_config(path).get("base_url")
            if value is None:
                continue
            if not isinstance(value, str):
                raise ConfigError(f"{path}: 'base_url' must be a string such as 'https://bahith.newsroom.example'")
            return check_base_url(value, f"{path}: base_url")
    return None


ENV_WEBHOOK_ALLOW = "BAHITH_WEBHOOK_ALLOW_PRIVATE"


@dataclass(frozen=True)
class WebhookAllow:
    """Which non-public addresses a webhook may reach; by default none (docs/adr/0021).

    A webhook URL is typed by whoever saves a search, and the server POSTs to it: without this rule
    anyone allowed to save a search could make the server talk to 169.254.169.254 (cloud metadata),
    to localhost or to the newsroom's internal network. A newsroom whose receiver *is* internal says
    so here: `webhook_allow_private = true` (any address), or a list of networks.
    """

    everything: bool = False
    networks: tuple = ()  # ipaddress.IPv4Network / IPv6Network
    source: str = "default"

    def allows(self, address) -> bool:
        return self.everything or any(address.version == net.version and address in net for net in self.networks)


def _webhook_allow(value: object, where: str) -> WebhookAllow:
    import ipaddress

    if isinstance(value, bool):
        return WebhookAllow(everything=value, source=where)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return WebhookAllow(everything=True, source=where)
        if text in {"", "0", "false", "no", "off"}:
            return WebhookAllow(source=where)
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list):
        raise ConfigError(f"{where}: use true, false or a list of networks such as [\"10.20.0.0/16\", \"::1/128\"]")
    networks = []
    for item in value:
        try:
            networks.append(ipaddress.ip_network(str(item).strip(), strict=False))
        except ValueError as exc:
            raise ConfigError(f"{where}: {item!r} is not a network (write e.g. 10.20.0.0/16 or 127.0.0.1): "
                              f"{exc}") from None
    return WebhookAllow(networks=tuple(networks), source=where)


def webhook_allow() -> WebhookAllow:
    """The `webhook_allow_private` setting: $BAHITH_WEBHOOK_ALLOW_PRIVATE, else the first config file with it.

    The environment value is true/false or comma-separated networks (`127.0.0.1/32,10.0.0.0/8`).
    """
    if os.environ.get(ENV_WEBHOOK_ALLOW) is not None:
        return _webhook_allow(os.environ[ENV_WEBHOOK_ALLOW], f"${ENV_WEBHOOK_ALLOW}")
    for path in config_paths():
        if path.is_file():
            data = _read_config(path)
            if "webhook_allow_private" in data:
                return _webhook_allow(data["webhook_allow_private"], f"{path}: webhook_allow_private")
    return WebhookAllow()
