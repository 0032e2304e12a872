"""One archive behind one engine URL: its backend, its saved-search store, its enrichment context.

Why one opener: what belongs to an archive depends on the kind of engine — the alert store sits in
the SQLite file itself, or in the user's data folder for a search server (docs/adr/0005); the
corrections file sits beside the SQLite file, or in the working folder. `open_archive` reads the URL
once (search.engine_url) and hands every part what it needs, so no caller looks at the URL's text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from search.backends import open_backend
from search.engine_url import EngineUrl

if TYPE_CHECKING:
    from search.alerts.sqlite_store import SqliteAlertStore
    from search.backends.base import Backend
    from search.enrich.context import EnrichContext


def open_alert_store(url: str | EngineUrl, *, create: bool = True) -> SqliteAlertStore:
    """The saved-search (and alert) store that belongs to an engine URL.

    SQLite: inside the archive file. A search server matches saved searches with its percolator
    index (or with Bahith's own matcher where it has none, docs/adr/0030), but the list of saved
    searches, the alerts and their delivery state are kept in a small SQLite file beside the
    journalist's config (`$BAHITH_ALERTS_DB`, else one per engine and index in the user's data
    folder), so delivery state survives a reindex of the engine.
    """
    from search.alerts.saved import ALERTS_DB_ENV, default_alerts_db
    from search.alerts.sqlite_store import SqliteAlertStore

    engine = EngineUrl.parse(url)
    if engine.path is not None:
        return SqliteAlertStore(engine.path, create=create)
    path = Path(os.environ[ALERTS_DB_ENV]) if os.environ.get(ALERTS_DB_ENV) else default_alerts_db(engine)
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteAlertStore(path, create=True)


@dataclass
class Archive:
    """An opened archive. The alert store is opened on first use (most commands never need it)."""

    engine: EngineUrl
    backend: Backend
    create: bool = True
    _alerts: SqliteAlertStore | None = field(default=None, repr=False)

    @property
    def alerts(self) -> SqliteAlertStore:
        """The archive's saved searches and alerts."""
        if self._alerts is None:
            self._alerts = open_alert_store(self.engine, create=self.create)
        return self._alerts

    def enrich_context(self) -> EnrichContext:
        """What enrichment knows of this archive: the names its engine learned and its corrections file."""
        from search.enrich.context import EnrichContext

        return EnrichContext.for_archive(self.backend.capabilities.learned_names, self.engine)

    def close(self) -> None:
        self.backend.close()  # the alert store holds no connection between calls


def open_archive(url: str | EngineUrl, *, create: bool = True) -> Archive:
    """Read the engine URL once and open the archive it names; a bad URL raises EngineUrlError quoting it."""
    engine = EngineUrl.parse(url)
    return Archive(engine, open_backend(engine, create=create), create)


__all__ = ["Archive", "open_alert_store", "open_archive"]
