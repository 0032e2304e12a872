"""A note from a reader that the file was read, but not exactly as written.

`ReadProblem` means "skipped"; a `ReadWarning` is yielded beside the articles it concerns (a feed
repaired from broken XML, a JSON-LD block ignored) so the summary lists it under warnings and the
articles are still indexed. It is a ReadProblem so older consumers still report it rather than drop it.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.model import ReadProblem


@dataclass
class ReadWarning(ReadProblem):
    """Read and indexed, but with a caveat the user should see (origin and reason, like a problem)."""
