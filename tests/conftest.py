"""Shared test fixtures: where the real corpora are, and skipping cleanly when they are not."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"needs {path} (the shared corpora beside the project); not present here")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    """The five scraped seed articles."""
    return _need(CORPUS / "seeds")


@pytest.fixture
def saudinewsnet_dir() -> Path:
    return _need(CORPUS / "saudinewsnet")


@pytest.fixture
def ant_raw_tarball() -> Path:
    return _need(CORPUS / "ant" / "ant-v2.1-raw.tar.gz")


@pytest.fixture
def ant_dedup_jsonl() -> Path:
    """ANT v2.1, one JSON article a line (gzip)."""
    return _need(CORPUS / "ant" / "ant-v2.1-dedup.jsonl.gz")
