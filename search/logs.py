"""Diagnostics through standard `logging`, with the level set by `bahith -v/-q`.

What a command is asked for (results, summaries, JSON) is its output and goes to stdout with
click; what it notices on the way (a folder that is missing, a file it cannot read, a server
reachable from other machines) is a diagnostic, logged under the `search` logger to stderr, so a
script can silence it (`-q`) or ask for more (`-v`, `-vv`) the way it does with other tools.
"""

from __future__ import annotations

import logging
import sys

LOGGER = "search"  # every module logs under its own name, search.*
LEVELS = {-2: logging.CRITICAL, -1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO, 2: logging.DEBUG}


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (a test runner or a pager may swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


class _Formatter(logging.Formatter):
    """`warning: message`, as the command's own `error: …` lines read."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def level_for(verbose: int, quiet: int) -> int:
    return LEVELS[max(-2, min(2, verbose - quiet))]


def configure(verbose: int = 0, quiet: int = 0) -> int:
    """Send Bahith's log records at the chosen level to the current stderr; returns the level.

    Libraries (the engine clients, urllib3) stay at WARNING and below unless -vv asks for debugging,
    when their request logs are shown too.
    """
    level = level_for(verbose, quiet)
    handler = _StderrHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    logger = logging.getLogger(LOGGER)
    for old in list(logger.handlers):
        logger.removeHandler(old)
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    root = logging.getLogger()
    if level <= logging.DEBUG:
        root.setLevel(logging.DEBUG)
        if not root.handlers:
            root.addHandler(handler)
    return level
