"""Bahith (باحث): Arabic-aware search for news archives."""

__version__ = "0.1.0"
